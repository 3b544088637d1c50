using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Registry;

internal static partial class RegistryLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "registry {Method} {Host}{Path}: {Status} in {Milliseconds:F1} ms")]
    public static partial void Request(this ILogger logger, string method, string host, string path, int status, double milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "registry {Method} {Host}{Path}: failed after {Milliseconds:F1} ms: {Cause}")]
    public static partial void RequestFailed(this ILogger logger, string method, string host, string path, double milliseconds, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "registry {Host}: {What}: {Cause}; attempt {Attempt} of {Attempts} in {Milliseconds} ms")]
    public static partial void Retrying(this ILogger logger, string host, string what, string cause, int attempt, int attempts, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "registry {Host}: {Blob}: connection lost at byte {Offset}: {Cause}; resuming ({Resume} of {Resumes})")]
    public static partial void Resuming(this ILogger logger, string host, string blob, long offset, string cause, int resume, int resumes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "registry {Host}: https failed ({Cause}), trying plain http (the registry is insecure)")]
    public static partial void FallingBackToHttp(this ILogger logger, string host, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "registry {Host}: TLS certificate refused: {Reason}")]
    public static partial void CertificateRefused(this ILogger logger, string host, string reason);
}
