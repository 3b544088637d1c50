using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Logging;

/// <summary>The minimum level the daemon logs at, changed in place when a reload sets a new <c>log_level</c>.</summary>
public sealed class LogLevelSwitch(LogLevel initial = LogLevel.Information)
{
    private int _minimum = (int)initial;

    public LogLevel Minimum
    {
        get => (LogLevel)Volatile.Read(ref _minimum);
        set => Volatile.Write(ref _minimum, (int)value);
    }

    public bool IsEnabled(LogLevel level) => level >= Minimum;
}
