namespace CriEngine.Platform.Processes;

/// <summary>
/// An external program that failed: it could not start, exited non-zero, or ran past its timeout
/// and was killed. Carries what callers put in their own message: the program, its exit code
/// and the tail of its stderr.
/// </summary>
public sealed class ProcessFailedException : Exception
{
    private ProcessFailedException(string program, int? exitCode, string stderrTail, bool timedOut, string message, Exception? inner = null)
        : base(message, inner)
    {
        Program = program;
        ExitCode = exitCode;
        StderrTail = stderrTail;
        TimedOut = timedOut;
    }

    public string Program { get; }

    /// <summary>Null when the program never exited on its own (not started, or killed at its timeout).</summary>
    public int? ExitCode { get; }

    public string StderrTail { get; }

    public bool TimedOut { get; }

    internal static ProcessFailedException NotStarted(ProcessSpec spec, Exception cause) =>
        new(spec.Program, null, "", false, $"{spec.Program} could not be started: {cause.Message}", cause);

    internal static ProcessFailedException Exited(ProcessSpec spec, ProcessResult result) =>
        new(spec.Program, result.ExitCode, result.StderrTail, false, $"{spec.ProgramName} failed (exit {result.ExitCode}): {result.StderrTail}");

    internal static ProcessFailedException Expired(ProcessSpec spec, TimeSpan timeout, string stderr) =>
        new(spec.Program, null, ProcessResult.Tail(stderr), true,
            $"{spec.ProgramName} timed out after {timeout.TotalSeconds:0.###} s and was killed: {ProcessResult.Tail(stderr)}");
}
