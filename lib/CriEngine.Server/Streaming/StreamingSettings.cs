using System.Globalization;
using CriEngine.Config;
using CriEngine.Streaming;

namespace CriEngine.Server.Streaming;

/// <summary>The streaming server's settings from <c>[crio.api]</c>, read once at start as CRI-O does.</summary>
public static class StreamingSettings
{
    public static StreamingServerOptions From(ApiSection api)
    {
        var options = new StreamingServerOptions
        {
            Address = api.StreamAddress,
            Port = int.Parse(api.StreamPort, NumberStyles.None, CultureInfo.InvariantCulture),
            TlsCertificateFile = api.StreamEnableTls ? api.StreamTlsCert : null,
            TlsKeyFile = api.StreamEnableTls ? api.StreamTlsKey : null,
            TlsClientCaFile = api.StreamEnableTls && api.StreamTlsCa.Length > 0 ? api.StreamTlsCa : null,
            TlsProtocols = api.TlsProtocols,
        };
        // stream_idle_timeout bounds both how long a URL waits for its client and how long a stream may idle.
        return api.StreamIdleTime is { } idle ? options with { RequestTimeout = idle, IdleTimeout = idle } : options;
    }
}
