using System.Text;
using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using Prometheus;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// The daemon's Prometheus metrics, with CRI-O's names, labels and help texts
/// (<c>internal/metrics</c>), in a registry of their own. Only the collectors
/// <c>metrics_collectors</c> selects exist; the others are never created, so recording them
/// costs nothing. The process metrics are always served, as Prometheus' Go client serves them.
/// Counting goes on whether or not the endpoint is enabled: it is a few atomic updates.
/// </summary>
public sealed class RuntimeMetrics
{
    private static readonly double[] LayerSizeBuckets =
        [1e3, 1e6, 10e6, 50e6, 100e6, 200e6, 300e6, 400e6, 500e6, 1e9, 10e9];

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Counter? _operationsTotal;
    private readonly Counter? _operationsErrors;
    private readonly Gauge? _operationsLatency;
    private readonly LatencySummary? _operationsLatencyTotal;
    private readonly Counter? _imagePullsSuccess;
    private readonly Counter? _imagePullsFailure;
    private readonly Counter? _containersOom;
    private readonly Counter? _containersOomByName;
    private readonly Counter? _resourcesStalled;
    private readonly Histogram? _imagePullsLayerSize;
    private readonly Counter? _imagePullsBytes;
    private readonly Counter? _imagePullsSkippedBytes;
    private readonly Counter? _imageLayerReuse;

    /// <param name="droppedEvents">How many container events subscribers lost so far.</param>
    public RuntimeMetrics(MetricCollectors collectors, Func<long> droppedEvents)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        T? Create<T>(string collector, Func<string, T> create) where T : class =>
            collectors.Serves(collector) ? create(MetricCollectors.Prefix + collector) : null;
        // A labelled series appears with its first value, as in CRI-O (client_golang): never-called operations are not listed as 0.
        CounterConfiguration Labelled(string label) => new() { LabelNames = [label], SuppressInitialValue = true };
        var operation = Labelled("operation");

        _operationsTotal = Create("operations_total", name => factory.CreateCounter(name, "Cumulative number of CRI-O operations by operation type.", operation));
        _operationsLatency = Create("operations_latency_seconds", name => factory.CreateGauge(name, "Latency in seconds of individual CRI calls for CRI-O operations. Broken down by operation type.", new GaugeConfiguration { LabelNames = operation.LabelNames, SuppressInitialValue = true }));
        _operationsLatencyTotal = Create("operations_latency_seconds_total", name => new LatencySummary(name, "Latency in seconds of CRI-O operations. Broken down by operation type.", "operation", [0.5, 0.9, 0.99]));
        _operationsErrors = Create("operations_errors_total", name => factory.CreateCounter(name, "Cumulative number of CRI-O operation errors by operation type.", operation));
        _imagePullsSuccess = Create("image_pulls_success_total", name => factory.CreateCounter(name, "Cumulative number of CRI-O image pull successes."));
        _imagePullsFailure = Create("image_pulls_failure_total", name => factory.CreateCounter(name, "Cumulative number of CRI-O image pull failures by error.", Labelled("error")));
        _containersOom = Create("containers_oom_total", name => factory.CreateCounter(name, "Amount of containers killed because they ran out of memory (OOM)"));
        _containersOomByName = Create("containers_oom_count_total", name => factory.CreateCounter(name, "Amount of containers killed because they ran out of memory (OOM) by their name", Labelled("name")));
        _resourcesStalled = Create("resources_stalled_at_stage", name => factory.CreateCounter(name, "Resource creation stage pod or container is stalled at.", Labelled("stage")));
        _imagePullsLayerSize = Create("image_pulls_layer_size", name => factory.CreateHistogram(name, "Bytes transferred by CRI-O image pulls per layer", new HistogramConfiguration { Buckets = LayerSizeBuckets }));
        _imagePullsBytes = Create("image_pulls_bytes_total", name => factory.CreateCounter(name, "Bytes transferred by CRI-O image pulls",
            new CounterConfiguration { LabelNames = ["mediatype", "size"], SuppressInitialValue = true }));
        _imagePullsSkippedBytes = Create("image_pulls_skipped_bytes_total", name => factory.CreateCounter(name, "Bytes skipped by CRI-O image pulls", Labelled("size")));
        _imageLayerReuse = Create("image_layer_reuse_total", name => factory.CreateCounter(name, "Reused (not pulled) local image layer count by name", Labelled("name")));

        var dropped = Create("containers_events_dropped_total", name => factory.CreateCounter(name, "Amount of container events dropped"));
        var defunct = Create("processes_defunct", name => factory.CreateGauge(name, "Total number of defunct processes in the node"));
        var cpu = factory.CreateCounter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        var resident = factory.CreateGauge("process_resident_memory_bytes", "Resident memory size in bytes.");
        var virtualBytes = factory.CreateGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
        var virtualMax = factory.CreateGauge("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.");
        var openFds = factory.CreateGauge("process_open_fds", "Number of open file descriptors.");
        var maxFds = factory.CreateGauge("process_max_fds", "Maximum number of open file descriptors.");
        var started = factory.CreateGauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.");
        _registry.AddBeforeCollectCallback(() =>
        {
            dropped?.IncTo(droppedEvents());
            defunct?.Set(ProcessStats.Defunct());
            var self = ProcessStats.Self();
            cpu.IncTo(self.CpuSeconds);
            resident.Set(self.ResidentBytes);
            virtualBytes.Set(self.VirtualBytes);
            started.Set(self.StartTimeSeconds);
            virtualMax.Set(ProcessStats.Limit("Max address space"));
            openFds.Set(ProcessStats.OpenFileDescriptors());
            maxFds.Set(ProcessStats.Limit("Max open files"));
        });
    }

    /// <summary>The recorder of a gRPC method's calls; the operation is the method's name (<c>RunPodSandbox</c>), as CRI-O labels it.</summary>
    public ICallRecorder OperationRecorder(string methodPath)
    {
        var name = methodPath[(methodPath.LastIndexOf('/') + 1)..];
        return new OperationRecorder(_operationsTotal?.WithLabels(name), _operationsErrors?.WithLabels(name), _operationsLatency?.WithLabels(name), _operationsLatencyTotal?.WithLabel(name));
    }

    public void ImagePullSucceeded() => _imagePullsSuccess?.Inc();

    /// <param name="category">CRI-O's error category (<c>MANIFEST_UNKNOWN</c>, <c>UNAUTHORIZED</c>, ..., <c>UNKNOWN</c>).</param>
    public void ImagePullFailed(string category) => _imagePullsFailure?.WithLabels(category).Inc();

    /// <summary>A pull downloaded <paramref name="layer"/>: its bytes by media type and size bucket, and its size.</summary>
    public void LayerDownloaded(Descriptor layer)
    {
        _imagePullsBytes?.WithLabels(layer.MediaType, LayerSizeBucket.Of(layer.Size)).Inc(layer.Size);
        _imagePullsLayerSize?.Observe(layer.Size);
    }

    /// <summary>A pull found <paramref name="layer"/> stored already: its bytes were skipped, the layer (by digest) reused.</summary>
    public void LayerReused(Descriptor layer)
    {
        _imagePullsSkippedBytes?.WithLabels(LayerSizeBucket.Of(layer.Size)).Inc(layer.Size);
        _imageLayerReuse?.WithLabels(layer.Digest.ToString()).Inc();
    }

    /// <param name="name">The container's name (<c>k8s_NAME_POD_NAMESPACE_UID_ATTEMPT</c>).</param>
    public void ContainerOomKilled(string name)
    {
        _containersOom?.Inc();
        _containersOomByName?.WithLabels(name).Inc();
    }

    /// <summary>A removed container's OOM series goes with it, as CRI-O keeps the name label's cardinality low.</summary>
    public void ContainerRemoved(string name) => _containersOomByName?.RemoveLabelled(name);

    /// <summary>A request found its creation still running from an earlier call, at <paramref name="stage"/>.</summary>
    public void ResourceStalledAt(string stage) => _resourcesStalled?.WithLabels(stage).Inc();

    /// <summary>Writes every served metric in Prometheus' text format (version 0.0.4).</summary>
    public async Task WriteAsync(Stream output, CancellationToken cancellationToken)
    {
        await _registry.CollectAndExportAsTextAsync(output, cancellationToken).ConfigureAwait(false);
        if (_operationsLatencyTotal is null)
            return;
        var text = new StringBuilder();
        _operationsLatencyTotal.WriteTo(text);
        await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
    }
}
