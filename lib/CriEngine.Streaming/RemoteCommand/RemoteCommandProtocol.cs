namespace CriEngine.Streaming.RemoteCommand;

/// <summary>The remote-command subprotocol names and what each version changed.</summary>
internal static class RemoteCommandProtocol
{
    public const string V5 = "v5.channel.k8s.io";
    public const string V4 = "v4.channel.k8s.io";
    public const string V3 = "v3.channel.k8s.io";
    public const string V2 = "v2.channel.k8s.io";
    public const string V1 = "channel.k8s.io";
    public const string V4Base64 = "v4.base64.channel.k8s.io";
    public const string V1Base64 = "base64.channel.k8s.io";

    /// <summary>SPDY versions in the server's order of preference (kubelet's SupportedStreamingProtocols).</summary>
    public static readonly string[] Spdy = [V4, V3, V2, V1];

    /// <summary>WebSocket versions; the empty name is a client that asked for none (binary, v1 status).</summary>
    public static readonly string[] WebSocket = [V5, V4, V4Base64, V1, V1Base64, ""];

    /// <summary>v4 and later send the Status as JSON with the exit code.</summary>
    public static bool HasJsonStatus(string protocol) => protocol is V5 or V4 or V4Base64;

    /// <summary>v3 added the resize stream to SPDY.</summary>
    public static bool SpdyHasResize(string protocol) => protocol is V4 or V3;

    public static bool IsBase64(string protocol) => protocol is V4Base64 or V1Base64;
}
