using System.Text.Json;
using CriEngine.Oci.Spec;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Hooks;

/// <summary>
/// The hook files of the configured hooks directories (crio.runtime.hooks_dir), by
/// containers/common's rules: only *.json files count, a file in a later directory replaces the
/// same-named file of an earlier one, and an invalid file is logged and skipped. The files are
/// read again when a directory's listing or a file changes, so an edit or a reload with other
/// directories takes effect at the next container.
/// </summary>
public sealed partial class HookCatalog(ILogger logger)
{
    // One reference, swapped whole: concurrent creations read it without a lock.
    private Cached? _cached;

    /// <summary>The valid hooks, in the lexical order of their file names.</summary>
    public IReadOnlyList<HookRule> Load(IReadOnlyList<string> directories)
    {
        var fingerprint = DirectoryFingerprint.Of(directories, IsHookFile);
        if (_cached is { } hit && hit.Fingerprint == fingerprint)
            return hit.Value;
        var rules = Read(directories);
        _cached = new Cached(fingerprint, rules);
        return rules;
    }

    private List<HookRule> Read(IReadOnlyList<string> directories)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Where(file => IsHookFile(Path.GetFileName(file))))
                files[Path.GetFileName(file)] = file;
        }
        var rules = new List<HookRule>();
        foreach (var (name, path) in files.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            try
            {
                using var stream = File.OpenRead(path);
                var definition = JsonSerializer.Deserialize(stream, HooksJsonContext.Default.HookDefinition)
                    ?? throw new FormatException("the file holds null");
                rules.Add(HookRule.Validate(name, definition));
            }
            catch (Exception e) when (e is FormatException or JsonException or IOException or UnauthorizedAccessException)
            {
                LogInvalidHook(logger, path, e.Message);
            }
        }
        LogHooksRead(logger, rules.Count, string.Join(", ", directories));
        return rules;
    }

    private static bool IsHookFile(string name) => name.EndsWith(".json", StringComparison.Ordinal);

    private sealed record Cached(string Fingerprint, IReadOnlyList<HookRule> Value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "hooks: {Path} skipped: {Reason}")]
    private static partial void LogInvalidHook(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "hooks: {Count} valid hook files in {Directories}")]
    private static partial void LogHooksRead(ILogger logger, int count, string directories);
}
