using System.Text;
using CriEngine.Config;

namespace CriEngine.Server;

/// <summary>
/// The lines CRI-O logs while it applies a reload (its pkg/config/reload.go), in its order and
/// words, for operators who grep for them: <c>Set config KEY to "VALUE"</c> for each key it
/// reloads that changed (and for the ones it sets again on every reload), <c>Applied new registry
/// configuration</c>, <c>Updating runtime configuration</c>. The engine's own lines stay beside them.
/// </summary>
internal static class CrioReloadMessages
{
    public const string Reloading = "Reloading configuration";

    public static string SkippingFile(string path) => $"Skipping not-existing config file {GoQuote(path)}";

    public static string SkippingPath(string path) => $"Skipping not-existing config path {GoQuote(path)}";

    public static string Failed(string reason) => $"Unable to reload configuration: {reason}";

    /// <summary>What CRI-O logs applying <paramref name="next"/> over <paramref name="current"/>.</summary>
    public static IEnumerable<string> Applying(CrioConfig current, CrioConfig next, string registriesFile)
    {
        var (runtime, image) = (current.Runtime, current.Image);
        var (newRuntime, newImage) = (next.Runtime, next.Image);
        if (runtime.LogLevel != newRuntime.LogLevel)
            yield return Set("log_level", newRuntime.LogLevel);
        if (runtime.LogFilter != newRuntime.LogFilter)
            yield return Set("log_filter", newRuntime.LogFilter);
        if (image.PauseImage != newImage.PauseImage)
            yield return Set("pause_image", newImage.PauseImage);
        if (image.PauseImageAuthFile != newImage.PauseImageAuthFile)
            yield return Set("pause_image_auth_file", newImage.PauseImageAuthFile);
        if (image.PauseCommand != newImage.PauseCommand)
            yield return Set("pause_command", newImage.PauseCommand);
        // CRI-O sets an empty list again on every reload, and a changed one when it differs as a set.
        if (newImage.PinnedImages.Count == 0)
            yield return Set("pinned_images", "[]");
        else if (!image.PinnedImages.Order(StringComparer.Ordinal).SequenceEqual(newImage.PinnedImages.Order(StringComparer.Ordinal)))
            yield return Set("pinned_images", string.Join(',', newImage.PinnedImages.Where(name => name.Length > 0)));
        yield return $"Applied new registry configuration: {registriesFile}";
        if (runtime.DecryptionKeysPath != newRuntime.DecryptionKeysPath)
            yield return Set("decryption_keys_path", newRuntime.DecryptionKeysPath);
        // The seccomp profiles are read again on every reload, and said so.
        yield return Set("seccomp_profile", newRuntime.SeccompProfile);
        yield return Set("privileged_seccomp_profile", newRuntime.PrivilegedSeccompProfile);
        if (runtime.ApparmorProfile != newRuntime.ApparmorProfile)
            yield return Set("apparmor_profile", newRuntime.ApparmorProfile);
        if (runtime.BlockioConfigFile != newRuntime.BlockioConfigFile)
            yield return Set("blockio_config_file", newRuntime.BlockioConfigFile);
        if (runtime.BlockioReload != newRuntime.BlockioReload)
            yield return Set("blockio_reload", newRuntime.BlockioReload ? "true" : "false");
        if (runtime.RdtConfigFile != newRuntime.RdtConfigFile)
            yield return Set("rdt_config_file", newRuntime.RdtConfigFile);
        if (!runtime.Runtimes.Equals(newRuntime.Runtimes))
            yield return "Updating runtime configuration";
        if (runtime.DefaultRuntime != newRuntime.DefaultRuntime)
            yield return Set("default_runtime", newRuntime.DefaultRuntime);
    }

    private static string Set(string key, string value) => $"Set config {key} to {GoQuote(value)}";

    /// <summary>Go's %q of a string, for the characters a config value holds.</summary>
    private static string GoQuote(string value)
    {
        var quoted = new StringBuilder("\"", value.Length + 2);
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
