using System.Collections.Concurrent;
using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// Whether CRIU can checkpoint on this node (<c>criu check</c>), asked once per criu binary: the
/// answer depends on the kernel and the binary, neither of which changes under a running daemon
/// (an upgraded binary is a new file, asked anew).
/// </summary>
public static class CriuCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly ConcurrentDictionary<(string Path, DateTime Modified), Lazy<Task<string?>>> Known = new();

    /// <summary>Null when CRIU works here; otherwise why not, in CRIU's own words (the tail of what it said).</summary>
    public static Task<string?> FailureAsync(string criuPath)
    {
        var key = (criuPath, File.Exists(criuPath) ? File.GetLastWriteTimeUtc(criuPath) : DateTime.MinValue);
        return Known.GetOrAdd(key, k => new Lazy<Task<string?>>(() => RunAsync(k.Path))).Value;
    }

    private static async Task<string?> RunAsync(string criuPath)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(new ProcessSpec(criuPath, ["check"]) { Timeout = Timeout }).ConfigureAwait(false);
            return result.Succeeded ? null : $"criu check failed (exit {result.ExitCode}): {ProcessResult.Tail(result.Stderr + result.Stdout)}";
        }
        catch (ProcessFailedException e)
        {
            return $"criu check failed: {e.Message}";
        }
    }
}
