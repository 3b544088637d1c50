using System.Diagnostics;
using System.Text;
using CriEngine.Grpc;
using CriEngine.Server.Telemetry;

namespace CriEngine.Server.Tests.Telemetry;

/// <summary>The metrics' cost on the call path and the collectors' selection, as a scrape shows them.</summary>
public sealed class RuntimeMetricsTests
{
    private static readonly string[] AllCollectors =
    [
        "operations_total", "operations_latency_seconds", "operations_latency_seconds_total", "operations_errors_total",
    ];

    [Test]
    public void Recording_a_call_allocates_nothing()
    {
        var recorder = new RuntimeMetrics(new MetricCollectors(AllCollectors), () => 0).OperationRecorder("/runtime.v1.RuntimeService/Version");
        for (var i = 0; i < 10_000; i++)
            recorder.Record(i % 10 == 0 ? StatusCode.NotFound : StatusCode.OK, Stopwatch.Frequency / 1000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 100_000; i++)
            recorder.Record(i % 10 == 0 ? StatusCode.NotFound : StatusCode.OK, Stopwatch.Frequency / 1000);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        TestContext.Out.WriteLine($"{elapsed.TotalNanoseconds / 100_000:F0} ns and {allocated / 100_000.0:F2} bytes per recorded call");
        Assert.That(allocated / 100_000.0, Is.LessThan(1), "bytes allocated per call");
    }

    [Test]
    public async Task Latency_summary_gives_the_quantiles_sum_and_count_of_the_calls()
    {
        var metrics = new RuntimeMetrics(new MetricCollectors(["operations_latency_seconds_total"]), () => 0);
        var recorder = metrics.OperationRecorder("/runtime.v1.RuntimeService/StartContainer");
        for (var milliseconds = 100; milliseconds >= 1; milliseconds--)
            recorder.Record(StatusCode.OK, Stopwatch.Frequency * milliseconds / 1000);

        using var output = new MemoryStream();
        await metrics.WriteAsync(output, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');

        const string Name = "container_runtime_crio_operations_latency_seconds_total";
        Assert.That(lines, Does.Contain($"# TYPE {Name} summary"));
        Assert.That(lines, Does.Contain($"{Name}{{operation=\"StartContainer\",quantile=\"0.5\"}} 0.05"));
        Assert.That(lines, Does.Contain($"{Name}{{operation=\"StartContainer\",quantile=\"0.9\"}} 0.09"));
        Assert.That(lines, Does.Contain($"{Name}{{operation=\"StartContainer\",quantile=\"0.99\"}} 0.099"));
        Assert.That(lines, Does.Contain($"{Name}_sum{{operation=\"StartContainer\"}} 5.05"));
        Assert.That(lines, Does.Contain($"{Name}_count{{operation=\"StartContainer\"}} 100"));
    }

    [Test]
    public async Task Collectors_are_named_with_or_without_prefixes_and_only_they_are_served()
    {
        var metrics = new RuntimeMetrics(new MetricCollectors(["container_runtime_crio_operations_total", "crio_operations_errors_total"]), () => 0);
        var recorder = metrics.OperationRecorder("/runtime.v1.ImageService/PullImage");
        recorder.Record(StatusCode.OK, 1);
        recorder.Record(StatusCode.Unavailable, 1);

        using var output = new MemoryStream();
        await metrics.WriteAsync(output, CancellationToken.None);
        var text = Encoding.UTF8.GetString(output.ToArray());

        Assert.That(text, Does.Contain("\ncontainer_runtime_crio_operations_total{operation=\"PullImage\"} 2\n"));
        Assert.That(text, Does.Contain("\ncontainer_runtime_crio_operations_errors_total{operation=\"PullImage\"} 1\n"));
        Assert.That(text, Does.Not.Contain("latency"));
    }
}
