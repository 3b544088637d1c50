using System.Security.Authentication;

namespace CriEngine.Config;

/// <summary><c>[crio.api]</c>: the CRI socket and the streaming server.</summary>
public sealed record ApiSection
{
    internal ApiSection()
    {
    }

    public long GrpcMaxSendMsgSize { get; init; }

    public long GrpcMaxRecvMsgSize { get; init; }

    public string Listen { get; init; } = "";

    public string StreamAddress { get; init; } = "";

    /// <summary>A string, as in CRI-O; validated to hold a port number.</summary>
    public string StreamPort { get; init; } = "";

    public bool StreamEnableTls { get; init; }

    public string StreamTlsCert { get; init; } = "";

    public string StreamTlsKey { get; init; } = "";

    public string StreamTlsCa { get; init; } = "";

    public string StreamIdleTimeout { get; init; } = "";

    public string TlsMinVersion { get; init; } = "";

    public ValueList<string> TlsCipherSuites { get; init; } = ValueList<string>.Empty;

    /// <summary>
    /// <see cref="TlsMinVersion"/> as the protocols the TLS servers accept; None leaves them to the
    /// system. Versions before TLS 1.2 are never offered, whatever the key says.
    /// </summary>
    public SslProtocols TlsProtocols => TlsMinVersion switch
    {
        "" => SslProtocols.None,
        "VersionTLS13" => SslProtocols.Tls13,
        _ => SslProtocols.Tls12 | SslProtocols.Tls13,
    };

    /// <summary><see cref="StreamIdleTimeout"/> as a time; null when empty (validation has refused any other text).</summary>
    public TimeSpan? StreamIdleTime => Schema.GoDuration.TryParse(StreamIdleTimeout, out var time) && StreamIdleTimeout.Length > 0 ? time : null;
}
