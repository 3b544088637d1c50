using System.Collections.Concurrent;
using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// Asks a runtime binary for its features once and keeps the answer for as long as the binary at
/// that path is the same file: a reload that points a handler elsewhere, or an upgrade of the
/// binary, is probed anew.
/// </summary>
public static class HandlerFeaturesProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<(string Path, DateTime Modified), Lazy<Task<HandlerFeatures>>> Known = new();

    public static Task<HandlerFeatures> ProbeAsync(string runtimePath)
    {
        var modified = File.Exists(runtimePath) ? File.GetLastWriteTimeUtc(runtimePath) : DateTime.MinValue;
        var key = (runtimePath, modified);
        var entry = Known.GetOrAdd(key, k => new Lazy<Task<HandlerFeatures>>(() => RunAsync(k.Path)));
        foreach (var stale in Known.Keys.Where(other => other.Path == runtimePath && other != key))
            Known.TryRemove(stale, out _);
        return entry.Value;
    }

    /// <summary>rro is mount_setattr(2) with AT_RECURSIVE, which came with Linux 5.12: a runtime that knows it still needs the kernel to (CRI-O checks the same).</summary>
    private static bool KernelMakesRecursiveReadOnly => Environment.OSVersion.Version >= new Version(5, 12);

    private static async Task<HandlerFeatures> RunAsync(string runtimePath)
    {
        var name = Path.GetFileName(runtimePath);
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(new ProcessSpec(runtimePath, ["features"]) { Timeout = Timeout }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProcessFailedException or IOException or System.ComponentModel.Win32Exception)
        {
            return HandlerFeatures.None($"{name} features failed: {e.Message}");
        }
        if (!result.Succeeded)
            return HandlerFeatures.None($"{name} has no features command (exit {result.ExitCode}: {ProcessResult.Tail(RuntimeMessages.Plain(result.Stderr + result.Stdout))})");
        var features = HandlerFeatures.Parse(result.Stdout);
        return KernelMakesRecursiveReadOnly ? features : features with { RecursiveReadOnly = false };
    }
}
