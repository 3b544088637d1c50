using System.Globalization;
using CriEngine.Grpc;

namespace CriEngine.TestSupport.Systemd;

/// <summary>
/// The shipped unit, <c>contrib/systemd/criengine.service</c>, installed unchanged into a
/// <see cref="SystemdInNamespaces"/> and run there as a node runs it: the daemon is then in
/// systemd's pid, mount and cgroup namespaces, so the PIDs it hands systemd are systemd's, the
/// bus at its default path is that systemd's, and the cgroups it sees are the ones systemd
/// manages. Everything host-facing stays inside the namespaces or the test's directory:
/// <c>/usr/local/bin/criengine</c> is a wrapper (around the daemon built beside the tests) on
/// a tmpfs mounted over <c>/usr/local/bin</c> inside only; the unit's flags, environment and
/// output file come from a drop-in under the private <c>/etc/systemd</c>; the daemon's
/// config, state, socket and log live in the test's <see cref="DaemonLayout"/>.
/// </summary>
public sealed class CriEngineUnit
{
    public const string Name = "criengine.service";

    private readonly SystemdInNamespaces _systemd;
    private readonly DaemonLayout _layout;
    private readonly string _logPath;

    private CriEngineUnit(SystemdInNamespaces systemd, DaemonLayout layout, string logPath)
    {
        _systemd = systemd;
        _layout = layout;
        _logPath = logPath;
    }

    public string SocketPath => _layout.Socket;

    /// <summary>The shipped unit file, copied beside every test assembly that references this project.</summary>
    public static string ShippedUnitFile() => Path.Combine(AppContext.BaseDirectory, "shipped-systemd", Name);

    /// <summary>
    /// Installs the unit for a daemon on <paramref name="directory"/>'s layout (its config files
    /// are the caller's to write) and reloads systemd. Does not start it.
    /// </summary>
    public static async Task<CriEngineUnit> InstallAsync(SystemdInNamespaces systemd, TempDirectory directory, CancellationToken cancellationToken = default)
    {
        var layout = DaemonProcess.Layout(directory);
        if (!File.Exists(layout.MainConfig))
            await File.WriteAllTextAsync(layout.MainConfig, "# test config\n", cancellationToken);
        var logPath = directory.Combine("daemon.log");
        var root = $"/proc/{systemd.Pid}/root";

        if (!IsTmpfsInside(systemd, "/usr/local/bin"))
            await RunCheckedAsync(systemd, ["mount", "-t", "tmpfs", "-o", "mode=755,size=1m", "criengine-test-bin", "/usr/local/bin"], cancellationToken);
        var wrapper = root + "/usr/local/bin/criengine";
        var daemon = DaemonProcess.PublishedDaemon ?? $"/usr/bin/dotnet {DaemonProcess.DaemonAssembly}";
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec {daemon} \"$@\"\n", cancellationToken);
        File.SetUnixFileMode(wrapper, (UnixFileMode)0b111_101_101);

        File.Copy(ShippedUnitFile(), root + "/etc/systemd/system/" + Name, overwrite: true);
        var dropIns = Directory.CreateDirectory(root + "/etc/systemd/system/" + Name + ".d");
        // ExecStart splits $CRIENGINE_FLAGS at whitespace, without quotes: the test paths have none.
        var flags = string.Join(' ', layout.Arguments);
        await File.WriteAllTextAsync(Path.Combine(dropIns.FullName, "50-test.conf"), $"""
            # The test's daemon: its files in the test's directory, its output in a file of its own.
            [Service]
            Environment={Quote("CRIENGINE_FLAGS=" + flags)}
            Environment={Quote("CONTAINER_REGISTRIES_CONF=" + layout.RegistriesConf)}
            Environment={Quote("CONTAINER_REGISTRIES_CONF_DIR=" + layout.RegistriesDropInDirectory)}
            Environment=DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 HOME=/root
            StandardOutput=append:{logPath}
            StandardError=inherit
            RestartSec=1
            # The namespaced systemd defaults to 5 s (harness's system.conf); a node's default is 90 s,
            # and a daemon finishing its calls on a loaded test machine may need more than 5.
            TimeoutStopSec=60

            """, cancellationToken);
        await RunCheckedAsync(systemd, ["systemctl", "daemon-reload"], cancellationToken);
        return new CriEngineUnit(systemd, layout, logPath);
    }

    /// <summary><c>systemctl start</c>: returns when systemd has the unit active (READY=1 for Type=notify).</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => SystemctlAsync("start", cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => SystemctlAsync("stop", cancellationToken);

    public Task RestartAsync(CancellationToken cancellationToken = default) => SystemctlAsync("restart", cancellationToken);

    /// <summary>
    /// <c>systemctl reload</c> (ExecReload sends SIGHUP), then waits for the daemon to have
    /// finished reloading: its "config reloaded" or "config reload rejected" line.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        var before = Log().Length;
        await SystemctlAsync("reload", cancellationToken);
        if (!await Eventually.TrueAsync(() => Log()[before..].Contains("config reload", StringComparison.Ordinal), TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"{Name}: no reload in the daemon's log after systemctl reload:\n{Log()[before..]}");
    }

    /// <summary>A unit property as <c>systemctl show --value</c> prints it (ActiveState, MainPID...).</summary>
    public async Task<string> PropertyAsync(string property, CancellationToken cancellationToken = default)
    {
        var result = await RunCheckedAsync(_systemd, ["systemctl", "show", "--value", "-p", property, Name], cancellationToken);
        return result.StandardOutputText.Trim();
    }

    /// <summary>The daemon's main PID inside the namespaces, as systemd has it; 0 when not running.</summary>
    public async Task<int> MainPidAsync(CancellationToken cancellationToken = default) =>
        int.Parse(await PropertyAsync("MainPID", cancellationToken), CultureInfo.InvariantCulture);

    public GrpcClient Client() => new(SocketPath);

    /// <summary>What the daemon wrote so far (stdout and stderr).</summary>
    public string Log() => File.Exists(_logPath) ? File.ReadAllText(_logPath) : "";

    /// <summary>Stops the unit and takes it out of the namespaced systemd (the tmpfs with the wrapper stays for the next test).</summary>
    public async Task UninstallAsync()
    {
        await _systemd.RunInsideAsync(["systemctl", "stop", Name]);
        await _systemd.RunInsideAsync(["systemctl", "reset-failed", Name]);
        var root = $"/proc/{_systemd.Pid}/root/etc/systemd/system/";
        File.Delete(root + Name);
        if (Directory.Exists(root + Name + ".d"))
            Directory.Delete(root + Name + ".d", recursive: true);
        await _systemd.RunInsideAsync(["systemctl", "daemon-reload"]);
    }

    private async Task SystemctlAsync(string verb, CancellationToken cancellationToken)
    {
        var result = await _systemd.RunInsideAsync(["systemctl", verb, Name], cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"systemctl {verb} {Name}: exit {result.ExitCode}: {result.StandardError.Trim()}\ndaemon log:\n{Tail(Log())}");
    }

    private static async Task<Registry.ExternalCommandResult> RunCheckedAsync(SystemdInNamespaces systemd, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await systemd.RunInsideAsync(command, cancellationToken);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"{string.Join(' ', command)} (inside systemd-ns {systemd.Name}): exit {result.ExitCode}: {result.StandardError.Trim()}");
    }

    private static bool IsTmpfsInside(SystemdInNamespaces systemd, string mountPoint) =>
        File.ReadLines($"/proc/{systemd.Pid}/mountinfo").Any(line => line.Split(' ') is var fields && fields[4] == mountPoint && line.Contains(" - tmpfs ", StringComparison.Ordinal));

    /// <summary>systemd's quoting for Environment= and ExecStart= words: double quotes, with \ and " escaped.</summary>
    private static string Quote(string word) => "\"" + word.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
