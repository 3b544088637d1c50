using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CriEngine.Config;
using CriEngine.Grpc.Http2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// Serves <c>GET /metrics</c> in Prometheus' text format on <c>metrics_host:metrics_port</c>
/// and, when set, on the unix socket <c>metrics_socket</c>; over TLS on both when
/// <c>metrics_cert</c> and <c>metrics_key</c> are set. Settings are read at start, as CRI-O reads them.
/// </summary>
/// <param name="tlsProtocols">The TLS versions offered (crio.api.tls_min_version); None leaves them to the system.</param>
public sealed partial class MetricsServer(RuntimeMetrics metrics, MetricsSection settings, SslProtocols tlsProtocols, ILoggerFactory loggers) : IAsyncDisposable
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly ILogger _logger = loggers.CreateLogger<MetricsServer>();
    private WebApplication? _app;

    /// <summary>Where the server listens (with the chosen port when <c>metrics_port</c> is 0).</summary>
    public IReadOnlyList<string> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        X509Certificate2? certificate = settings.MetricsCert.Length > 0 && settings.MetricsKey.Length > 0
            ? await SelfSignedCertificate.LoadOrCreateAsync(settings.MetricsCert, settings.MetricsKey, cancellationToken).ConfigureAwait(false)
            : null;
        if (settings.MetricsSocket.Length > 0)
            await UnixSocketPath.PrepareAsync(settings.MetricsSocket).ConfigureAwait(false);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddLogging();
        var address = await ListenAddressAsync(settings.MetricsHost, cancellationToken).ConfigureAwait(false);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            void Configure(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http1;
                if (certificate is not null)
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, SslProtocols = tlsProtocols });
            }
            kestrel.Listen(address, (int)settings.MetricsPort, Configure);
            if (settings.MetricsSocket.Length > 0)
                kestrel.ListenUnixSocket(settings.MetricsSocket, Configure);
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        Addresses = [.. app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];
        LogServing(string.Join(", ", Addresses), certificate is null ? "HTTP" : "HTTPS");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (settings.MetricsSocket.Length > 0)
            UnixSocketPath.Remove(settings.MetricsSocket);
        _app = null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return;
        }
        context.Response.ContentType = ContentType;
        await metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>CRI-O's <c>net.Listen("tcp", host:port)</c>: an empty host is every address.</summary>
    private static async Task<IPAddress> ListenAddressAsync(string host, CancellationToken cancellationToken) => host switch
    {
        "" => IPAddress.Any,
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host, out var ip) => ip,
        _ => (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new IOException($"metrics_host {host}: no address"),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "serving metrics on {Addresses} using {Scheme}")]
    private partial void LogServing(string addresses, string scheme);
}
