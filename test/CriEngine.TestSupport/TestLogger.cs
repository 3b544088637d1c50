using NUnit.Framework;
using Microsoft.Extensions.Logging;

namespace CriEngine.TestSupport;

/// <summary>Sends log lines to the running test's output, so a failing test shows what the server said.</summary>
public sealed class TestLogger(LogLevel minimum = LogLevel.Information) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            TestContext.Progress.WriteLine($"[{logLevel}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
