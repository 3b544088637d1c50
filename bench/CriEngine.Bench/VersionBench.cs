using System.Diagnostics;
using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Bench;

/// <summary>
/// Start-up time, idle memory and Version latency of the CRI socket, beside the same Version
/// RPC served by Kestrel, .NET's own HTTP/2 server. The client is this process.
/// </summary>
internal static class VersionBench
{
    private const int StartRuns = 5;
    private const int Calls = 10_000;

    // Long enough for tiered compilation to have promoted the hot paths on both servers.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(Engine engine, string kestrelBaseline, string work)
    {
        var ours = await MeasureAsync(name => engine.StartAsync(name));
        var baseline = await MeasureAsync(name =>
        {
            var socket = Path.Combine(work, name + ".sock");
            return ServerProcess.StartAsync(socket, new Dictionary<string, string>(), kestrelBaseline, socket);
        });

        Report.Header("CRI socket: criengine's HTTP/2 + gRPC server, beside Kestrel serving the same RPC", "criengine", "kestrel baseline");
        Report.Row("start to first Version answer (median of 5)", $"{ours.StartMilliseconds:F0} ms", $"{baseline.StartMilliseconds:F0} ms");
        Report.Row("idle RSS after start", $"{ours.IdleRssKiB / 1024.0:F1} MiB", $"{baseline.IdleRssKiB / 1024.0:F1} MiB");
        Report.Row($"Version latency p50 ({Calls:N0} calls)", $"{ours.P50:F0} us", $"{baseline.P50:F0} us");
        Report.Row($"Version latency p99 ({Calls:N0} calls)", $"{ours.P99:F0} us", $"{baseline.P99:F0} us");
        Report.Row("Version calls per second (1 client)", $"{ours.CallsPerSecond:F0}", $"{baseline.CallsPerSecond:F0}");
        Report.Row("RSS after the calls", $"{ours.LoadedRssKiB / 1024.0:F1} MiB", $"{baseline.LoadedRssKiB / 1024.0:F1} MiB");
    }

    private static async Task<Measurement> MeasureAsync(Func<string, Task<ServerProcess>> start)
    {
        var starts = new List<double>();
        for (var run = 0; run < StartRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            await using var process = await start($"start-{run}");
            starts.Add(clock.Elapsed.TotalMilliseconds);
        }

        await using var serving = await start("serving");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idleRss = serving.RssKiB();

        using var client = new GrpcClient(serving.Socket);
        var request = new VersionRequest { Version = "0.1.0" };
        for (var warming = Stopwatch.StartNew(); warming.Elapsed < WarmUp;)
            await client.UnaryAsync("/runtime.v1.RuntimeService/Version", request, VersionResponse.Parser);
        var latencies = new List<double>(Calls);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.UnaryAsync("/runtime.v1.RuntimeService/Version", request, VersionResponse.Parser);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }
        var seconds = total.Elapsed.TotalSeconds;
        latencies.Sort();
        return new Measurement(Report.Median(starts), idleRss, latencies[Calls / 2], latencies[(int)(Calls * 0.99)], Calls / seconds, serving.RssKiB());
    }

    private sealed record Measurement(double StartMilliseconds, long IdleRssKiB, double P50, double P99, double CallsPerSecond, long LoadedRssKiB);
}
