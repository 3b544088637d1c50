using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.api]</c>.</summary>
internal static class ApiKeys
{
    /// <summary>CRI-O's gRPC message limit, also what a size of 0 or less stands for.</summary>
    public const long DefaultGrpcMessageSize = 80L * 1024 * 1024;

    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, ApiSection>("crio.api", c => c.Api, (c, s) => c with { Api = s })
            .Integer("grpc_max_send_msg_size", DefaultGrpcMessageSize, Honoured, "Largest gRPC message sent, in bytes; 0 or less means 80 MiB.",
                s => s.GrpcMaxSendMsgSize, (s, v) => s with { GrpcMaxSendMsgSize = v })
            .Flag("grpc-max-send-msg-size", "CONTAINER_GRPC_MAX_SEND_MSG_SIZE")
            .Integer("grpc_max_recv_msg_size", DefaultGrpcMessageSize, Honoured, "Largest gRPC message received, in bytes; 0 or less means 80 MiB.",
                s => s.GrpcMaxRecvMsgSize, (s, v) => s with { GrpcMaxRecvMsgSize = v })
            .Flag("grpc-max-recv-msg-size", "CONTAINER_GRPC_MAX_RECV_MSG_SIZE")
            .Text("listen", "/var/run/crio/crio.sock", Honoured, "Unix socket the CRI gRPC server listens on.",
                s => s.Listen, (s, v) => s with { Listen = v }, AbsolutePath)
            .Flag("listen", "CONTAINER_LISTEN")
            .Text("stream_address", "127.0.0.1", Honoured, "IP address of the streaming server (exec, attach, port-forward).",
                s => s.StreamAddress, (s, v) => s with { StreamAddress = v })
            .Flag("stream-address", "CONTAINER_STREAM_ADDRESS")
            .Text("stream_port", "0", Honoured, "Port of the streaming server, as a string; \"0\" picks a free port.",
                s => s.StreamPort, (s, v) => s with { StreamPort = v }, PortText)
            .Flag("stream-port", "CONTAINER_STREAM_PORT")
            .Boolean("stream_enable_tls", false, Honoured, "Serve the streaming server over TLS.",
                s => s.StreamEnableTls, (s, v) => s with { StreamEnableTls = v })
            .Flag("stream-enable-tls", "CONTAINER_ENABLE_TLS")
            .Text("stream_tls_cert", "", Honoured, "x509 certificate of the TLS streaming server.",
                s => s.StreamTlsCert, (s, v) => s with { StreamTlsCert = v }, AbsolutePathOrEmpty)
            .Flag("stream-tls-cert", "CONTAINER_TLS_CERT")
            .Text("stream_tls_key", "", Honoured, "Key of stream_tls_cert.",
                s => s.StreamTlsKey, (s, v) => s with { StreamTlsKey = v }, AbsolutePathOrEmpty)
            .Flag("stream-tls-key", "CONTAINER_TLS_KEY")
            .Text("stream_tls_ca", "", Honoured, "CA certificates that clients of the TLS streaming server must present certificates of.",
                s => s.StreamTlsCa, (s, v) => s with { StreamTlsCa = v }, AbsolutePathOrEmpty)
            .Flag("stream-tls-ca", "CONTAINER_TLS_CA")
            .Text("stream_idle_timeout", "", Honoured, "How long an idle stream stays open, and an Exec, Attach or PortForward URL stays usable, e.g. \"4h\"; empty: streams idle for 4 hours close, URLs expire after a minute.",
                s => s.StreamIdleTimeout, (s, v) => s with { StreamIdleTimeout = v }, DurationOrEmpty)
            .Flag("stream-idle-timeout", "STREAM_IDLE_TIMEOUT")
            .Text("tls_min_version", "", Honoured, "Oldest TLS version the streaming and metrics servers accept, \"VersionTLS10\" to \"VersionTLS13\" (none before 1.2 is offered); empty keeps the system's.",
                s => s.TlsMinVersion, (s, v) => s with { TlsMinVersion = v }, OneOfOrEmpty("VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13"))
            .TextList("tls_cipher_suites", ValueList<string>.Empty, None, "TLS cipher suites the TLS servers offer; empty keeps the default.",
                s => s.TlsCipherSuites, (s, v) => s with { TlsCipherSuites = v })
            .NotActedOn("the TLS servers take the cipher suites of the system's OpenSSL policy")
            .Settings;
}
