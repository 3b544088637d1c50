namespace CriEngine.Platform.Processes;

/// <summary>How a child ended (its exit code; 128+N when killed by signal N) and what it wrote, up to the spec's output limit.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>How much of stderr an error message quotes: the end, where programs say why they failed.</summary>
    public const int TailLength = 2000;

    public bool Succeeded => ExitCode == 0;

    public string StderrTail => Tail(Stderr);

    /// <summary>Throws <see cref="ProcessFailedException"/> unless the child exited with 0.</summary>
    public ProcessResult ThrowIfFailed(ProcessSpec spec) =>
        Succeeded ? this : throw ProcessFailedException.Exited(spec, this);

    /// <summary>The last <see cref="TailLength"/> characters of <paramref name="text"/>, without surrounding whitespace.</summary>
    public static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= TailLength ? trimmed : "…" + trimmed[^TailLength..].TrimStart();
    }
}
