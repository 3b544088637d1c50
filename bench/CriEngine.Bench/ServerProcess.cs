using System.Diagnostics;
using System.Net.Sockets;
using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Bench;

/// <summary>A server under measurement: started, awaited until it answers Version, stopped with SIGTERM.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string socket)
    {
        _process = process;
        Socket = socket;
    }

    public string Socket { get; }

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(string socket, IReadOnlyDictionary<string, string> environment, string binary, params string[] arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, socket);
        await server.WaitForFirstAnswerAsync();
        return server;
    }

    /// <summary>Resident memory now, from /proc.</summary>
    public long RssKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitForFirstAnswerAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the server exited with {_process.ExitCode}");
            if (File.Exists(Socket) && await AcceptsAsync())
            {
                using var client = new GrpcClient(Socket);
                await client.UnaryAsync("/runtime.v1.RuntimeService/Version", new VersionRequest(), VersionResponse.Parser);
                return;
            }
            await Task.Delay(1);
        }
        throw new TimeoutException("the server did not answer within 30 s");
    }

    private async Task<bool> AcceptsAsync()
    {
        using var probe = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
