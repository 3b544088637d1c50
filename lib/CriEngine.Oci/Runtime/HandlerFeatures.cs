using System.Text.Json;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// What a runtime handler says it can do (<c>runtime features</c>), as far as the engine's choices
/// depend on it. A runtime that cannot say (no <c>features</c> command, as crun before 1.12) is
/// taken to support none of it, with <see cref="Unknown"/> saying why.
/// </summary>
/// <param name="UserNamespaces">linux.namespaces lists "user".</param>
/// <param name="IdmapMounts">linux.mountExtensions.idmap.enabled: a mount may carry uid/gid mappings.</param>
/// <param name="RecursiveReadOnly">mountOptions lists "rro".</param>
/// <param name="Unknown">Why the runtime's features are not known, or null.</param>
public sealed record HandlerFeatures(bool UserNamespaces, bool IdmapMounts, bool RecursiveReadOnly, string? Unknown = null)
{
    public static HandlerFeatures None(string why) => new(false, false, false, why);

    /// <summary>Reads the JSON of <c>runtime features</c>.</summary>
    public static HandlerFeatures Parse(string json)
    {
        RuntimeFeaturesDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, RuntimeJsonContext.Default.RuntimeFeaturesDocument);
        }
        catch (JsonException e)
        {
            return None($"its features are unreadable: {e.Message}");
        }
        if (document is null)
            return None("its features are empty");
        return new(
            document.Linux?.Namespaces?.Contains("user") ?? false,
            document.Linux?.MountExtensions?.Idmap?.Enabled ?? false,
            document.MountOptions?.Contains("rro") ?? false);
    }
}
