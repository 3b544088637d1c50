using System.Security.Authentication;

namespace CriEngine.Streaming;

/// <summary>
/// How the streaming server listens. Port 0 takes a free port when the server starts. TLS is
/// used when <see cref="TlsCertificateFile"/> and <see cref="TlsKeyFile"/> are set (PEM);
/// with <see cref="TlsClientCaFile"/> as well, clients must present a certificate it signed.
/// </summary>
public sealed record StreamingServerOptions
{
    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    public string? TlsClientCaFile { get; init; }

    /// <summary>The TLS versions offered; None leaves them to the system.</summary>
    public SslProtocols TlsProtocols { get; init; } = SslProtocols.None;

    /// <summary>How long a URL handed out by Get*Url stays usable (kubelet's request cache: one minute).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A session with no traffic either way for this long is closed (kubelet: four hours).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long a SPDY client may take to open the streams of a session (Kubernetes: 30 seconds).</summary>
    public TimeSpan StreamCreationTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
