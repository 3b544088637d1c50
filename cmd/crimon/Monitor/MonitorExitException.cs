namespace CriEngine.Crimon.Monitor;

/// <summary>Ends the monitor with an exit status, after its message is logged (conmon's nexit/pexit).</summary>
internal sealed class MonitorExitException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
