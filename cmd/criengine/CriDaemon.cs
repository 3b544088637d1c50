using System.Runtime.InteropServices;
using System.Threading.Channels;
using CriEngine.Images;
using CriEngine.Images.Registry;
using CriEngine.Config;
using CriEngine.Server;
using CriEngine.Server.Engine;
using CriEngine.Server.Metrics;
using CriEngine.Server.Pods;
using CriEngine.Server.Streaming;
using CriEngine.Server.Telemetry;
using CriEngine.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CriEngine.Daemon;

/// <summary>
/// The daemon's life: load the config, serve the CRI socket, reload on SIGHUP, and on
/// SIGTERM/SIGINT stop serving. Containers are not touched by any of it.
/// </summary>
internal sealed partial class CriDaemon(ConfigReloader reloader, ConfigSources sources, ILoggerFactory loggers, SdNotify notify) : IHostedService, IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger = loggers.CreateLogger<CriDaemon>();
    private readonly Channel<bool> _reloadRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private CriEndpoint? _endpoint;
    private ImageManager? _images;
    private CriEngine.Server.Engine.Engine? _engine;
    private Task? _exitLoop;
    private Task? _metricsLoop;
    private StreamingServer? _streaming;
    private MetricsServer? _metricsServer;
    private readonly CancellationTokenSource _stopping = new();
    private PosixSignalRegistration? _sighup;
    private Task? _reloadLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var live = await reloader.LoadInitialAsync(cancellationToken).ConfigureAwait(false);
        _images = await ImageManager.OpenAsync(live.Current.Config.Crio.Root, new RegistryClientOptions(), loggers, cancellationToken).ConfigureAwait(false);
        var defaults = new EngineOptions();
        var options = new EngineOptions
        {
            CniPluginTimeout = sources.Flags.CniPluginTimeout ?? defaults.CniPluginTimeout,
            KubeletRootDir = sources.Flags.KubeletRootDir ?? defaults.KubeletRootDir,
            CniCacheDir = sources.Flags.CniCacheDir ?? defaults.CniCacheDir,
        };
        _engine = await CriEngine.Server.Engine.Engine.OpenAsync(live, options, _images, loggers, cancellationToken).ConfigureAwait(false);
        var containers = new ContainerLifecycle(_engine, loggers.CreateLogger<ContainerLifecycle>());
        var pods = new PodLifecycle(_engine, containers, loggers.CreateLogger<PodLifecycle>());
        var exits = new ExitTracker(_engine, containers, loggers.CreateLogger<ExitTracker>());
        _engine.Exits.Start();
        var reconciling = System.Diagnostics.Stopwatch.StartNew();
        var listed = await new LeftoverSweeper(_engine, loggers.CreateLogger<LeftoverSweeper>()).SweepAsync(cancellationToken).ConfigureAwait(false);
        await exits.ReconcileAsync(listed, cancellationToken).ConfigureAwait(false);
        await new PodResizer(_engine, loggers.CreateLogger<PodResizer>()).ResumeInterruptedAsync(cancellationToken).ConfigureAwait(false);
        LogReconciled(_engine.Pods.All.Count, _engine.Containers.All.Count, reconciling.ElapsedMilliseconds);
        _exitLoop = exits.RunAsync(_stopping.Token);
        _streaming = new StreamingServer(StreamingSettings.From(live.Current.Config.Api), new EngineStreamingRuntime(_engine), loggers);
        await _streaming.StartAsync(cancellationToken).ConfigureAwait(false);
        var stats = new StatsCollector(_engine);
        var metrics = new PodMetrics(live, new PodMetricsCollector(_engine, stats), loggers.CreateLogger<PodMetrics>());
        _metricsLoop = metrics.RunAsync(_stopping.Token);
        var service = new CriService(live, new PodNetworkSettings(), _images, _engine, pods, containers, stats, metrics, _streaming, loggers.CreateLogger<CriService>());
        _endpoint = new CriEndpoint(service, new CriEngine.Server.Inspect.InspectEndpoints(live, _engine), _engine.Metrics, live.Current.Config.Api, loggers.CreateLogger<CriEndpoint>());
        if (live.Current.Config.Metrics.EnableMetrics)
        {
            _metricsServer = new MetricsServer(_engine.Metrics, live.Current.Config.Metrics, live.Current.Config.Api.TlsProtocols, loggers);
            await _metricsServer.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        await _endpoint.StartAsync().ConfigureAwait(false);

        _reloadLoop = ReloadOnRequestAsync();
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _reloadRequests.Writer.TryWrite(true);
        });
        LogListening(_endpoint.SocketPath, EngineInfo.Version);
        LogStreaming(_streaming.BaseUrl);
        notify.Ready();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        notify.Stopping();
        _sighup?.Dispose();
        _reloadRequests.Writer.TryComplete();
        if (_endpoint is not null)
            await _endpoint.StopAsync(DrainTimeout).ConfigureAwait(false);
        if (_reloadLoop is not null)
            await _reloadLoop.ConfigureAwait(false);
        if (_streaming is not null)
            await _streaming.DisposeAsync().ConfigureAwait(false);
        if (_metricsServer is not null)
            await _metricsServer.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_exitLoop is not null)
            await _exitLoop.ConfigureAwait(false);
        if (_metricsLoop is not null)
            await _metricsLoop.ConfigureAwait(false);
        if (_engine is not null)
            await _engine.DisposeAsync().ConfigureAwait(false);
        _images?.Dispose();
        LogStopped();
    }

    public void Dispose()
    {
        _sighup?.Dispose();
        _images?.Dispose();
        _stopping.Dispose();
    }

    private async Task ReloadOnRequestAsync()
    {
        await foreach (var _ in _reloadRequests.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            notify.Reloading();
            LogReloading();
            try
            {
                await reloader.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A reload must never take the daemon down.
                _logger.LogError(e, "config reload failed unexpectedly; the configuration in force is kept");
            }
            notify.Ready();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "records of {Pods} pods and {Containers} containers reconciled with the node in {Milliseconds} ms")]
    private partial void LogReconciled(int pods, int containers, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "criengine {Version} serving the CRI on {Socket}")]
    private partial void LogListening(string socket, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "streaming server (exec, attach, port-forward) on {Url}")]
    private partial void LogStreaming(Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP: reloading the configuration")]
    private partial void LogReloading();

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped serving the CRI; containers keep running")]
    private partial void LogStopped();
}
