using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CriEngine.Streaming.Spdy;

/// <summary>
/// The HTTP/1.1 side of a SPDY session, as Kubernetes' httpstream does it: negotiate the
/// subprotocol from <c>X-Stream-Protocol-Version</c> (the client's first one the server
/// knows), then answer 101 with <c>Upgrade: SPDY/3.1</c> and take over the connection.
/// </summary>
internal static class SpdyUpgrade
{
    public const string ProtocolHeader = "X-Stream-Protocol-Version";
    public const string AcceptedProtocolsHeader = "X-Accepted-Stream-Protocol-Versions";
    private const string SpdyToken = "SPDY/3.1";

    /// <summary>The upgraded connection and the protocol chosen, or null after answering the client with an error.</summary>
    public static async Task<(Stream Transport, string Protocol)?> TryUpgradeAsync(HttpContext context, IReadOnlyList<string> serverProtocols)
    {
        var clientProtocols = context.Request.Headers[ProtocolHeader]
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        if (clientProtocols.Count == 0)
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status400BadRequest, $"unable to upgrade: {ProtocolHeader} is required");
            return null;
        }
        var protocol = clientProtocols.FirstOrDefault(serverProtocols.Contains);
        if (protocol is null)
        {
            context.Response.Headers[AcceptedProtocolsHeader] = serverProtocols.ToArray();
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', clientProtocols)}], server accepts [{string.Join(' ', serverProtocols)}]");
            return null;
        }
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var connectionUpgrade = context.Request.Headers.Connection.Any(v => v?.Contains("upgrade", StringComparison.OrdinalIgnoreCase) == true);
        if (upgrade is not { IsUpgradableRequest: true } || !connectionUpgrade ||
            !string.Equals(context.Request.Headers.Upgrade.ToString(), SpdyToken, StringComparison.OrdinalIgnoreCase))
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status400BadRequest, "unable to upgrade: missing upgrade headers in request");
            return null;
        }
        context.Response.Headers.Upgrade = SpdyToken;
        context.Response.Headers[ProtocolHeader] = protocol;
        return (await upgrade.UpgradeAsync(), protocol);
    }
}
