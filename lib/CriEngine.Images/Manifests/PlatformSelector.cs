using CriEngine.Grpc;

namespace CriEngine.Images.Manifests;

/// <summary>
/// Picks the manifest for a platform out of an index, matching as containerd's platform matcher
/// does: OS, architecture and variant compared after normalising, so that an entry without a
/// variant stands for the architecture's default one (arm64 → v8, arm → v7) and aliases such as
/// aarch64 or x86_64 are understood. The first matching entry wins, in index order.
/// </summary>
public static class PlatformSelector
{
    /// <exception cref="RpcException">NotFound naming the wanted platform and listing those the index has.</exception>
    public static Descriptor Select(ImageIndex index, ImagePlatform host)
    {
        var wanted = Normalize(host);
        foreach (var manifest in index.Manifests)
            if (manifest.Platform is { } platform && Normalize(platform) == wanted)
                return manifest;
        var available = index.Manifests.Select(manifest => manifest.Platform?.ToString() ?? "(no platform)").Distinct();
        throw new RpcException(
            StatusCode.NotFound,
            $"no image for {host} in the index (it has {(index.Manifests.Count == 0 ? "none" : string.Join(", ", available))})");
    }

    private static (string Os, string Architecture, string Variant) Normalize(ImagePlatform platform)
    {
        var os = platform.Os.ToLowerInvariant();
        var variant = platform.Variant?.ToLowerInvariant() ?? "";
        var (architecture, normalizedVariant) = platform.Architecture.ToLowerInvariant() switch
        {
            "i386" => ("386", ""),
            "x86_64" or "x86-64" or "amd64" => ("amd64", variant == "v1" ? "" : variant),
            "aarch64" or "arm64" => ("arm64", variant is "" or "8" or "v8" or "v8.0" ? "v8" : variant is "9" or "9.0" or "v9.0" ? "v9" : variant),
            "armhf" => ("arm", "v7"),
            "armel" => ("arm", "v6"),
            "arm" => ("arm", variant is "" or "7" ? "v7" : variant is "5" or "6" or "8" ? "v" + variant : variant),
            var other => (other, variant),
        };
        return (os == "macos" ? "darwin" : os, architecture, normalizedVariant);
    }
}
