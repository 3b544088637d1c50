namespace CriEngine.Platform.Processes;

/// <summary>
/// What <see cref="ProcessRunner"/> runs: a program and its argument array (never a shell line),
/// with what it starts with and how long it may take.
/// </summary>
public sealed record ProcessSpec(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The whole environment of the child; null inherits the daemon's.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Null keeps the daemon's working directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Written to the child's stdin, which is then closed; the child reads end of file without it.</summary>
    public ReadOnlyMemory<byte> Stdin { get; init; }

    /// <summary>Past it the child is killed by its PID and reaped, and the run fails as timed out. Null: no limit but cancellation.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>At most this many bytes of stdout and of stderr are kept; the rest is read and dropped so the child never blocks.</summary>
    public int OutputLimit { get; init; } = 4 * 1024 * 1024;

    /// <summary>Extra channels the child inherits, each announced in its environment variable.</summary>
    public IReadOnlyList<InheritedPipe> Pipes { get; init; } = [];

    /// <summary>
    /// Runs with the child's PID once it has started and the child's pipe ends are closed here,
    /// before waiting for it: the place to move it to a cgroup or release it through a start pipe.
    /// If it throws, the child is killed and reaped, and the exception propagates.
    /// </summary>
    public Func<int, CancellationToken, Task>? OnStarted { get; init; }

    /// <summary>The program's file name, as messages name it ("runc").</summary>
    public string ProgramName => Path.GetFileName(Program);
}
