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

    public static byte[] Serialize(RuntimeSpec spec) =>
        JsonSerializer.SerializeToUtf8Bytes(spec, RuntimeSpecJsonContext.Default.RuntimeSpec);
}
