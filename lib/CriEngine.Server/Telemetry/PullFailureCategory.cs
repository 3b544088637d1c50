using System.Net.Sockets;
using CriEngine.Grpc;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// The <c>error</c> label of <c>image_pulls_failure_total</c>: the registry's own error code
/// when its answer named one (the pull's message carries it), else CRI-O's connection
/// categories, else <c>UNKNOWN</c>.
/// </summary>
public static class PullFailureCategory
{
    // Longest first, so that MANIFEST_BLOB_UNKNOWN is not taken for BLOB_UNKNOWN.
    private static readonly string[] RegistryCodes =
    [
        "MANIFEST_BLOB_UNKNOWN", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "MANIFEST_UNVERIFIED", "MANIFEST_INVALID",
        "MANIFEST_UNKNOWN", "DIGEST_INVALID", "TOOMANYREQUESTS", "BLOB_UNKNOWN", "NAME_INVALID", "NAME_UNKNOWN",
        "SIZE_INVALID", "TAG_INVALID", "UNAUTHORIZED", "UNAVAILABLE", "UNSUPPORTED", "DENIED",
    ];

    public static string Of(Exception failure)
    {
        var message = failure.ToString();
        foreach (var code in RegistryCodes)
        {
            if (message.Contains(code, StringComparison.Ordinal))
                return code;
        }
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                return "CONNECTION_REFUSED";
            if (e is SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException)
                return "CONNECTION_TIMEOUT";
        }
        return failure switch
        {
            RpcException { Code: StatusCode.Unauthenticated } => "UNAUTHORIZED",
            RpcException { Code: StatusCode.PermissionDenied } => "DENIED",
            RpcException { Code: StatusCode.NotFound } => "NOT_FOUND",
            _ when message.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) => "CONNECTION_REFUSED",
            _ => "UNKNOWN",
        };
    }
}
