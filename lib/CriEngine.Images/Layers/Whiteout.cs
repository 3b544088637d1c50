namespace CriEngine.Images.Layers;

/// <summary>
/// The OCI whiteout names (image-spec "layer.md"): <c>.wh.NAME</c> deletes NAME of the lower
/// layers, <c>.wh..wh..opq</c> hides everything the lower layers have in its directory.
/// Other <c>.wh..wh.</c> names are AUFS bookkeeping, nothing a layer holds.
/// </summary>
internal static class Whiteout
{
    public const string Prefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";
    public const string MetadataPrefix = ".wh..wh.";

    /// <summary>The xattr that makes an overlayfs directory opaque.</summary>
    public const string OverlayOpaqueXattr = "trusted.overlay.opaque";

    public static bool IsOpaqueMarker(string name) => name == OpaqueMarker;

    /// <summary>True for AUFS bookkeeping (such as <c>.wh..wh.plnk/</c>) and anything under it; the opaque marker shares the prefix, so test it first.</summary>
    public static bool IsAufsMetadata(EntryPath path) =>
        path.Relative.StartsWith(MetadataPrefix, StringComparison.Ordinal) || path.Relative.Contains("/" + MetadataPrefix, StringComparison.Ordinal);

    /// <summary>True for every path the whiteout rules handle rather than plain extraction.</summary>
    public static bool IsSpecial(EntryPath path) => Target(path.Name) is not null || IsAufsMetadata(path);

    /// <summary>The name a <c>.wh.NAME</c> entry deletes, or null when <paramref name="name"/> is no whiteout.</summary>
    public static string? Target(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : null;

    /// <summary>
    /// False for the deleted names that are not a sibling entry: empty, "." and "..". Obeying
    /// them would delete the whiteout's own directory or its parent.
    /// </summary>
    public static bool IsValidTarget(string target) => target is not ("" or "." or "..");
}
