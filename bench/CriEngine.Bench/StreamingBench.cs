using System.Diagnostics;
using System.Net;
using System.Text;
using CriEngine.Api;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Streaming;

namespace CriEngine.Bench;

/// <summary>
/// The streaming server: an Exec's whole round trip as kubectl makes it (the CRI call, the
/// WebSocket session, the command, its status), beside ExecSync of the same command; and
/// port-forward throughput over SPDY as crictl and kubectl forward, beside a direct TCP
/// connection to the same server from the node's network namespace, in the same run.
/// </summary>
internal static class StreamingBench
{
    private const int Iterations = 100;
    private const int Downloads = 5;
    private const int PayloadBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(string engineBinary)
    {
        Environment.SetEnvironmentVariable("CRIENGINE_DAEMON", engineBinary);
        await using var bed = await PodTestBed.StartAsync();
        await bed.PullBusyboxAsync();
        var config = bed.PodConfig("streaming-bench");
        var pod = await bed.RunPodAsync(config);
        var sleeper = await bed.RunContainerAsync(pod, config, bed.ContainerConfig("sleeper", "sleep", "100000"));
        await bed.RunContainerAsync(pod, config, bed.ContainerConfig("web", "sh", "-c",
            $"mkdir -p /www && head -c {PayloadBytes} /dev/zero > /www/payload && exec httpd -f -p 8080 -h /www"));
        var address = IPAddress.Parse((await bed.Client.UnaryAsync(PodTestBed.Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = pod }, PodSandboxStatusResponse.Parser)).Status.Network.Ip);

        var streamed = new List<double>();
        var sync = new List<double>();
        await ExecAsync(bed, sleeper);
        for (var i = 0; i < Iterations; i++)
        {
            await Timing.MeasureAsync(streamed, () => ExecAsync(bed, sleeper));
            var request = new ExecSyncRequest { ContainerId = sleeper, Timeout = 30, Cmd = { "true" } };
            await Timing.MeasureAsync(sync, () => bed.Client.UnaryAsync(PodTestBed.Runtime + "ExecSync", request, ExecSyncResponse.Parser));
        }

        while (await DirectAsync(bed, address) < PayloadBytes)
            await Task.Delay(200);
        var forwarded = new List<double>();
        var direct = new List<double>();
        for (var i = 0; i < Downloads; i++)
        {
            forwarded.Add(await ThroughputAsync(() => ForwardedAsync(bed, pod)));
            direct.Add(await ThroughputAsync(() => DirectAsync(bed, address)));
        }

        Report.Header($"Streaming server: Exec round trip ({Iterations} times, median / p99), port-forward throughput (median of {Downloads} x {PayloadBytes >> 20} MiB)", "criengine", "baseline");
        Report.Row("Exec true over WebSocket, URL to status  |  ExecSync true",
            $"{Report.Median(streamed):F1} / {Report.P99(streamed):F1} ms", $"{Report.Median(sync):F1} / {Report.P99(sync):F1} ms");
        Report.Row("port-forward over SPDY  |  direct TCP from the node's netns", $"{Report.Median(forwarded):F0} MB/s", $"{Report.Median(direct):F0} MB/s");
    }

    private static async Task<int> ExecAsync(PodTestBed bed, string container)
    {
        var response = await bed.Client.UnaryAsync(PodTestBed.Runtime + "Exec", new ExecRequest { ContainerId = container, Cmd = { "true" }, Stdout = true, Stderr = true }, ExecResponse.Parser);
        await using var session = await WebSocketExecClient.ConnectAsync(response.Url);
        var (_, _, exitCode, _) = await session.WaitAsync(Patience);
        return exitCode == 0 ? 0 : throw new InvalidOperationException($"exec true: exit {exitCode}");
    }

    /// <summary>MB/s (10^6 bytes) of one download of the payload.</summary>
    private static async Task<double> ThroughputAsync(Func<Task<long>> download)
    {
        var clock = Stopwatch.StartNew();
        var bytes = await download();
        if (bytes < PayloadBytes)
            throw new InvalidOperationException($"download ended after {bytes} bytes");
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static async Task<long> ForwardedAsync(PodTestBed bed, string pod)
    {
        var response = await bed.Client.UnaryAsync(PodTestBed.Runtime + "PortForward", new PortForwardRequest { PodSandboxId = pod, Port = { 8080 } }, PortForwardResponse.Parser);
        await using var client = await SpdyTestClient.ConnectAsync(response.Url, "POST", "portforward.k8s.io");
        await client.OpenStreamAsync(("streamType", "error"), ("port", "8080"), ("requestID", "0"));
        var data = await client.OpenStreamAsync(("streamType", "data"), ("port", "8080"), ("requestID", "0"));
        await data.WriteAsync(Request);
        await data.ReadToEndAsync(Patience);
        return data.Received.LongLength;
    }

    private static async Task<long> DirectAsync(PodTestBed bed, IPAddress address)
    {
        await using var stream = await bed.Network.ConnectFromNodeAsync(address, 8080);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Request));
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
            total += read;
        return total;
    }

    private const string Request = "GET /payload HTTP/1.0\r\n\r\n";
}
