using System.Net;
using System.Security.Cryptography.X509Certificates;
using CriEngine.Grpc;
using CriEngine.Streaming.PortForward;
using CriEngine.Streaming.RemoteCommand;
using CriEngine.Streaming.Spdy;
using CriEngine.Streaming.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriEngine.Streaming;

/// <summary>
/// The CRI streaming server (kubelet's <c>cri/streaming</c>): Exec, Attach and PortForward
/// calls get a URL here with a single-use token; the client then connects to it with SPDY/3.1
/// or WebSocket and the session runs against the <see cref="IStreamingRuntime"/>.
/// </summary>
public sealed partial class StreamingServer : IAsyncDisposable
{
    private const string PortForwardProtocol = "portforward.k8s.io";

    private readonly StreamingServerOptions _options;
    private readonly IStreamingRuntime _runtime;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly RequestCache _cache;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Uri? _baseUrl;

    public StreamingServer(StreamingServerOptions options, IStreamingRuntime runtime, ILoggerFactory? loggerFactory = null)
        : this(options, runtime, loggerFactory, TimeProvider.System)
    {
    }

    internal StreamingServer(StreamingServerOptions options, IStreamingRuntime runtime, ILoggerFactory? loggerFactory, TimeProvider clock)
    {
        _options = options;
        _runtime = runtime;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<StreamingServer>();
        _cache = new RequestCache(options.RequestTimeout, clock);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123/</c>; the chosen port when the options said 0.</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("the streaming server is not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ListenAddress(_options.Address), _options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (_options.TlsCertificateFile is not null && _options.TlsKeyFile is not null)
                    listen.UseHttps(TlsOptions());
            });
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _baseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        _logger.LogInformation("streaming server listening on {Url}", _baseUrl);
    }

    /// <summary>Stops listening and ends every session in progress.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    public string GetExecUrl(ExecRequest request)
    {
        if (string.IsNullOrEmpty(request.ContainerId))
            throw new RpcException(StatusCode.InvalidArgument, "exec: missing required container_id");
        if (request.Command.Count == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"exec in container {request.ContainerId}: missing command");
        CheckStreams($"exec in container {request.ContainerId}", request.Tty, request.Stdin, request.Stdout, request.Stderr);
        return UrlFor("exec", request);
    }

    public string GetAttachUrl(AttachRequest request)
    {
        if (string.IsNullOrEmpty(request.ContainerId))
            throw new RpcException(StatusCode.InvalidArgument, "attach: missing required container_id");
        CheckStreams($"attach to container {request.ContainerId}", request.Tty, request.Stdin, request.Stdout, request.Stderr);
        return UrlFor("attach", request);
    }

    public string GetPortForwardUrl(PortForwardRequest request)
    {
        if (string.IsNullOrEmpty(request.PodSandboxId))
            throw new RpcException(StatusCode.InvalidArgument, "port forward: missing required pod_sandbox_id");
        var bad = request.Ports.FirstOrDefault(p => p is < 1 or > ushort.MaxValue);
        if (bad != 0)
            throw new RpcException(StatusCode.InvalidArgument, $"port forward to pod {request.PodSandboxId}: invalid port {bad}");
        return UrlFor("portforward", request);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
            await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static void CheckStreams(string what, bool tty, bool stdin, bool stdout, bool stderr)
    {
        // With a TTY the terminal merges stderr into stdout: there is nothing to put on a stderr stream.
        if (tty && stderr)
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: tty and stderr cannot both be true");
        if (!stdin && !stdout && !stderr)
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: one of stdin, stdout, or stderr must be set");
    }

    private string UrlFor(string kind, object request) => new Uri(BaseUrl, kind + "/" + _cache.Insert(request)).ToString();

    private async Task HandleAsync(HttpContext context)
    {
        var parts = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0] is not ("exec" or "attach" or "portforward"))
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status404NotFound, "404 page not found");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsPost(context.Request.Method))
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "405: Method Not Allowed");
            return;
        }
        var request = _cache.Consume(parts[1]);
        var matches = (parts[0], request) switch
        {
            ("exec", ExecRequest) or ("attach", AttachRequest) or ("portforward", PortForwardRequest) => true,
            _ => false,
        };
        if (!matches)
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status404NotFound, "404 page not found");
            return;
        }
        switch (request)
        {
            case ExecRequest exec:
                LogSession("exec", exec.ContainerId, exec.AuditRequestId);
                break;
            case AttachRequest attach:
                LogSession("attach", attach.ContainerId, attach.AuditRequestId);
                break;
            case PortForwardRequest portForward:
                LogSession("port forward", portForward.PodSandboxId, "");
                break;
        }
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        try
        {
            if (context.WebSockets.IsWebSocketRequest)
                await WebSocketSession.ServeAsync(context, request!, _runtime, _options, _logger, session.Token);
            else
                await ServeSpdyAsync(context, request!, session.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            _logger.LogDebug("streaming: {Path}: session ended: {Error}", context.Request.Path, e.Message);
        }
    }

    private async Task ServeSpdyAsync(HttpContext context, object request, CancellationToken cancellationToken)
    {
        var upgraded = await SpdyUpgrade.TryUpgradeAsync(context, request is PortForwardRequest ? [PortForwardProtocol] : RemoteCommandProtocol.Spdy);
        if (upgraded is not { } session)
            return;
        using var idle = new IdleTimeout(_options.IdleTimeout);
        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        await using var connection = new SpdyConnection(session.Transport, _logger, idle.Touch);
        if (request is PortForwardRequest portForward)
            await new SpdyPortForward(connection, portForward, _runtime, _options.StreamCreationTimeout, _logger).ServeAsync(sessionEnd.Token);
        else
            await SpdyRemoteCommand.ServeAsync(connection, session.Protocol, request, _runtime, _options.StreamCreationTimeout, _logger, sessionEnd.Token);
    }

    private static IPAddress ListenAddress(string address) => address switch
    {
        "" => IPAddress.Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(address, out var ip) ? ip : throw new ArgumentException($"streaming server: stream address {address} is not an IP address"),
    };

    private HttpsConnectionAdapterOptions TlsOptions()
    {
        var tls = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = X509Certificate2.CreateFromPemFile(_options.TlsCertificateFile!, _options.TlsKeyFile),
            SslProtocols = _options.TlsProtocols,
        };
        if (_options.TlsClientCaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            tls.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            tls.ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }
        return tls;
    }

    /// <summary>
    /// One line per session, with the API server's audit ID of the request behind it (the CRI
    /// carries it so a runtime's log can be matched with the cluster's audit log); port forwarding
    /// has none in the CRI.
    /// </summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "streaming: {Kind} session for {Target} (audit ID {AuditId})")]
    private partial void LogSession(string kind, string target, string auditId);
}
