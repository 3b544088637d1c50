using Microsoft.Extensions.Logging;

namespace CriEngine.TestSupport;

/// <summary>Loggers that write to the running test's output.</summary>
public sealed class TestLoggerFactory(LogLevel minimum = LogLevel.Information) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestLogger(minimum);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
