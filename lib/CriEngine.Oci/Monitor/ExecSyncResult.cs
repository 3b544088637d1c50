namespace CriEngine.Oci.Monitor;

/// <summary>
/// How an ExecSync command ended: its exit code and its output, each stream cut at
/// <see cref="ExecSyncRunner.OutputLimit"/>. A timed-out command answers as CRI-O does: exit code
/// -1 and stderr <see cref="TimedOutMessage"/>, so that a probe counts it as failed.
/// </summary>
public sealed record ExecSyncResult(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    /// <summary>conmon's words for it, which CRI-O passes on.</summary>
    public const string TimedOutMessage = "command timed out";

    public static ExecSyncResult TimedOut { get; } = new(-1, [], System.Text.Encoding.UTF8.GetBytes(TimedOutMessage));
}
