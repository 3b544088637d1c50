using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Logging;

/// <summary>CRI-O's <c>log_level</c> names mapped onto .NET's levels.</summary>
public static class CrioLogLevels
{
    public static LogLevel ToLogLevel(string crioLevel) => crioLevel switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" or "panic" => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
