using NUnit.Framework;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CriEngine.Grpc;

namespace CriEngine.TestSupport;

/// <summary>
/// The real criengine daemon as a child process, on a socket, state directories and config
/// files of its own under a temporary directory, with a notify socket that records what it
/// tells systemd. Nothing outside the temporary directory is read or written.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Socket _notify;
    private readonly ConcurrentQueue<string> _notifications = new();
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Task _notifyLoop;
    private readonly TempDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly int _pid;

    private DaemonProcess(Process process, Socket notify, TempDirectory directory, bool ownsDirectory, string socketPath)
    {
        _process = process;
        _pid = process.Id;
        _notify = notify;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        SocketPath = socketPath;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _notifyLoop = ReceiveNotificationsAsync();
    }

    public string SocketPath { get; }

    public int Pid => _process.Id;

    public IReadOnlyCollection<string> Output => _output;

    public IReadOnlyCollection<string> Notifications => _notifications;

    /// <summary>The daemon assembly beside the test assembly (the test project references it).</summary>
    public static string DaemonAssembly => Path.Combine(AppContext.BaseDirectory, "criengine.dll");

    /// <summary>The published daemon make test and make bench name; null when the tests run the assembly built beside them.</summary>
    public static string? PublishedDaemon => Environment.GetEnvironmentVariable("CRIENGINE_DAEMON") is { Length: > 0 } published ? published : null;

    /// <summary>How to run criengine with arguments: the published binary, else <c>dotnet</c> with <see cref="DaemonAssembly"/>.</summary>
    public static ProcessStartInfo DaemonCommand(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(PublishedDaemon ?? "dotnet");
        if (PublishedDaemon is null)
            start.ArgumentList.Add(DaemonAssembly);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>Where a test's daemon keeps its files (the layout <see cref="StartAsync"/> uses), with its config directories made.</summary>
    public static DaemonLayout Layout(TempDirectory directory)
    {
        var layout = new DaemonLayout(directory);
        Directory.CreateDirectory(layout.DropInDirectory);
        Directory.CreateDirectory(layout.NetworkDirectory);
        Directory.CreateDirectory(layout.RegistriesDropInDirectory);
        if (!File.Exists(layout.RegistriesConf))
            File.WriteAllText(layout.RegistriesConf, DaemonLayout.OfflineRegistries);
        if (!File.Exists(layout.SignaturePolicy))
            File.WriteAllText(layout.SignaturePolicy, DaemonLayout.AcceptAnythingPolicy);
        File.WriteAllText(layout.DropIn("00-test-directories.conf"), layout.TestDirectories);
        return layout;
    }

    /// <summary>
    /// Starts the daemon with <c>--config</c>, <c>--config-dir</c>, <c>--listen</c>, <c>--root</c>,
    /// <c>--runroot</c> and <c>--cni-config-dir</c> inside <paramref name="directory"/>, plus
    /// <paramref name="extraArgs"/>; returns once it says READY=1.
    /// </summary>
    public static Task<DaemonProcess> StartAsync(TempDirectory? directory = null, params string[] extraArgs) =>
        StartAsync(directory, new Dictionary<string, string>(), extraArgs);

    /// <summary>As <see cref="StartAsync(TempDirectory?, string[])"/>, with <paramref name="environment"/> added to the daemon's environment.</summary>
    public static async Task<DaemonProcess> StartAsync(TempDirectory? directory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var ownsDirectory = directory is null;
        directory ??= new TempDirectory("criengine-daemon");
        var layout = Layout(directory);
        if (!File.Exists(layout.MainConfig))
            await File.WriteAllTextAsync(layout.MainConfig, "# test config\n");

        var notifyPath = directory.Combine($"notify-{Guid.NewGuid():N}.sock");
        var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

        var start = DaemonCommand(layout.Arguments.Concat(extraArgs));
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["NOTIFY_SOCKET"] = notifyPath;
        start.Environment["CONTAINER_REGISTRIES_CONF"] = layout.RegistriesConf;
        start.Environment["CONTAINER_REGISTRIES_CONF_DIR"] = layout.RegistriesDropInDirectory;
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the daemon");
        var daemon = new DaemonProcess(process, notify, directory, ownsDirectory, layout.Socket);
        if (!await daemon.WaitForNotificationAsync("READY=1", StartTimeout))
        {
            var output = string.Join('\n', daemon.Output);
            await daemon.DisposeAsync();
            throw new InvalidOperationException($"the daemon did not become ready:\n{output}");
        }
        return daemon;
    }

    public GrpcClient Client() => new(SocketPath);

    /// <summary>Sends a signal by PID, through kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGHUP, then waits for the RELOADING=1 and READY=1 around the reload.</summary>
    public async Task ReloadAsync()
    {
        var seen = _notifications.Count;
        await SignalAsync("HUP");
        var done = await Eventually.TrueAsync(
            () => _notifications.Skip(seen).SkipWhile(n => !n.StartsWith("RELOADING=1", StringComparison.Ordinal)).Skip(1).Contains("READY=1"),
            StartTimeout);
        if (!done)
            throw new TimeoutException($"no RELOADING=1 then READY=1 after SIGHUP; notifications: {string.Join(" | ", _notifications)}");
    }

    public Task<bool> WaitForNotificationAsync(string message, TimeSpan timeout) =>
        Eventually.TrueAsync(() => _notifications.Contains(message) || _process.HasExited, timeout)
            .ContinueWith(t => t.Result && _notifications.Contains(message), TaskScheduler.Default);

    public Task<bool> WaitForOutputAsync(string fragment, TimeSpan timeout) =>
        Eventually.TrueAsync(() => _output.Any(line => line.Contains(fragment, StringComparison.Ordinal)), timeout);

    /// <summary>SIGKILL, as a crash would end it, and back once it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            await SignalAsync("KILL");
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, and the exit code once it has exited.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
            await SignalAsync("TERM");
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>A clean stop where the daemon allows one, else SIGKILL; then what the runtime left in /tmp.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await SignalAsync("TERM");
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        RemoveRuntimeDiagnosticFiles(_pid);
        _process.Dispose();
        _notify.Dispose();
        await _notifyLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_ownsDirectory)
            _directory.Dispose();
    }

    /// <summary>
    /// The .NET runtime's debugger pipes and diagnostic socket, named by PID: a daemon that was
    /// killed (as crash tests do) cannot remove its own.
    /// </summary>
    private static void RemoveRuntimeDiagnosticFiles(int pid)
    {
        foreach (var pattern in new[] { $"clr-debug-pipe-{pid}-*", $"dotnet-diagnostic-{pid}-*" })
            foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), pattern))
                File.Delete(file);
    }

    private void Record(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        try
        {
            if (PublishedDaemon is null)
                TestContext.Progress.WriteLine($"[criengine {_pid}] {line}");
        }
        catch (Exception)
        {
            // Output that arrives after the test ended has nowhere to go; it must not crash the run.
        }
    }

    private async Task ReceiveNotificationsAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var received = await _notify.ReceiveAsync(buffer, SocketFlags.None);
                foreach (var line in Encoding.UTF8.GetString(buffer, 0, received).Split('\n'))
                    _notifications.Enqueue(line);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The test is over.
        }
    }
}
