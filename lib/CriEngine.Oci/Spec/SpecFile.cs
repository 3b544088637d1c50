using System.Text.Json;
using CriEngine.Platform;

namespace CriEngine.Oci.Spec;

/// <summary>The config.json of an OCI bundle.</summary>
public static class SpecFile
{
    public const string FileName = "config.json";

    /// <summary>Writes the spec to the bundle atomically: a crash leaves the old file or the new one.</summary>
    public static Task WriteAsync(string bundleDirectory, RuntimeSpec spec, CancellationToken cancellationToken = default) =>
        AtomicFile.WriteAsync(Path.Combine(bundleDirectory, FileName), Serialize(spec), cancellationToken);

    /// <summary>The user the bundle's process runs as, or null when the bundle has no readable spec.</summary>
    public static async Task<OciUser?> ReadUserAsync(string bundleDirectory, CancellationToken cancellationToken = default) =>
        (await ReadAsync(bundleDirectory, cancellationToken).ConfigureAwait(false))?.Process?.User;

    /// <summary>The bundle's spec, or null when it has none that can be read.</summary>
    public static async Task<RuntimeSpec?> ReadAsync(string bundleDirectory, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var file = File.OpenRead(Path.Combine(bundleDirectory, FileName));
            return await JsonSerializer.DeserializeAsync(file, RuntimeSpecJsonContext.Default.RuntimeSpec, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public static byte[] Serialize(RuntimeSpec spec) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeSpecJsonContext.Default.RuntimeSpec);
}
