using System.Diagnostics;
using System.Net.Sockets;
using CriEngine.Api;
using CriEngine.Grpc;

// make bench: start-up time, idle memory and Version latency of the engine, each beside the
// same figure for a baseline measured in the same run: the Version RPC served by Kestrel,
// .NET's own HTTP/2 server, on a unix socket. The client is a separate process (this one).
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CriEngine.Bench ENGINE_BINARY KESTREL_BASELINE_BINARY");
    return 2;
}

const int StartRuns = 5;
const int Calls = 10_000;
// Long enough for tiered compilation to have promoted the hot paths on both servers.
var warmUp = TimeSpan.FromSeconds(3);

var work = Directory.CreateTempSubdirectory("criengine-bench-");
try
{
    var servers = new[]
    {
        new Server("criengine", socket => Start(args[0], "--config", "", "--config-dir", "", "--listen", socket,
            "--root", Path.Combine(work.FullName, "root"), "--runroot", Path.Combine(work.FullName, "runroot"),
            "--cni-config-dir", Path.Combine(work.FullName, "net.d"))),
        new Server("kestrel baseline", socket => Start(args[1], socket)),
    };

    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
    Console.WriteLine($"{"figure",-34}{servers[0].Name,18}{servers[1].Name,20}");
    var results = new List<Measurement>();
    foreach (var server in servers)
        results.Add(await MeasureAsync(server, Path.Combine(work.FullName, server.Name.Replace(' ', '-') + ".sock"), warmUp));

    Row("start to first Version answer (median of 5)", r => $"{r.StartMilliseconds:F0} ms");
    Row("idle RSS after start", r => $"{r.IdleRssKiB / 1024.0:F1} MiB");
    Row($"Version latency p50 ({Calls:N0} calls)", r => $"{r.P50Microseconds:F0} us");
    Row($"Version latency p99 ({Calls:N0} calls)", r => $"{r.P99Microseconds:F0} us");
    Row("Version calls per second (1 client)", r => $"{r.CallsPerSecond:F0}");
    Row("RSS after the calls", r => $"{r.LoadedRssKiB / 1024.0:F1} MiB");
    return 0;

    void Row(string figure, Func<Measurement, string> format) =>
        Console.WriteLine($"{figure,-34}{format(results[0]),18}{format(results[1]),20}");
}
finally
{
    work.Delete(recursive: true);
}

static Process Start(string binary, params string[] arguments)
{
    var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
        start.ArgumentList.Add(argument);
    var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task<Measurement> MeasureAsync(Server server, string socket, TimeSpan warmUp)
{
    var starts = new List<double>();
    for (var run = 0; run < StartRuns; run++)
    {
        var clock = Stopwatch.StartNew();
        using var process = server.Start(socket);
        await WaitForFirstAnswerAsync(socket, process);
        starts.Add(clock.Elapsed.TotalMilliseconds);
        await StopAsync(process);
    }

    using var serving = server.Start(socket);
    await WaitForFirstAnswerAsync(socket, serving);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var idleRss = RssKiB(serving.Id);

    using var client = new GrpcClient(socket);
    var request = new VersionRequest { Version = "0.1.0" };
    for (var warming = Stopwatch.StartNew(); warming.Elapsed < warmUp;)
        await client.UnaryAsync("/runtime.v1.RuntimeService/Version", request, VersionResponse.Parser);
    var latencies = new double[Calls];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < Calls; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await client.UnaryAsync("/runtime.v1.RuntimeService/Version", request, VersionResponse.Parser);
        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    var seconds = total.Elapsed.TotalSeconds;
    var loadedRss = RssKiB(serving.Id);
    await StopAsync(serving);

    Array.Sort(latencies);
    starts.Sort();
    return new Measurement(starts[StartRuns / 2], idleRss, latencies[Calls / 2], latencies[(int)(Calls * 0.99)], Calls / seconds, loadedRss);
}

static async Task WaitForFirstAnswerAsync(string socket, Process process)
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromSeconds(30))
    {
        if (process.HasExited)
            throw new InvalidOperationException($"the server exited with {process.ExitCode}");
        if (File.Exists(socket) && await AcceptsAsync(socket))
        {
            using var client = new GrpcClient(socket);
            await client.UnaryAsync("/runtime.v1.RuntimeService/Version", new VersionRequest(), VersionResponse.Parser);
            return;
        }
        await Task.Delay(1);
    }
    throw new TimeoutException("the server did not answer within 30 s");
}

static async Task<bool> AcceptsAsync(string socket)
{
    using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    try
    {
        await probe.ConnectAsync(new UnixDomainSocketEndPoint(socket));
        return true;
    }
    catch (SocketException)
    {
        return false;
    }
}

static async Task StopAsync(Process process)
{
    using var kill = Process.Start("kill", ["-s", "TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
    await kill.WaitForExitAsync();
    await process.WaitForExitAsync();
}

static long RssKiB(int pid)
{
    foreach (var line in File.ReadLines($"/proc/{pid}/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
    return 0;
}

internal sealed record Server(string Name, Func<string, Process> Start);

internal sealed record Measurement(double StartMilliseconds, long IdleRssKiB, double P50Microseconds, double P99Microseconds, double CallsPerSecond, long LoadedRssKiB);
