namespace CriEngine.Images.Layers;

/// <summary>
/// Unpacks a layer's tar into a directory of its own, in the form overlayfs takes as one
/// lower layer: a whiteout <c>.wh.NAME</c> becomes a 0/0 character device NAME, an opaque
/// marker <c>.wh..wh..opq</c> becomes the xattr trusted.overlay.opaque=y on its directory.
/// </summary>
public static class LayerUnpacker
{
    /// <summary>
    /// Unpacks every entry of <paramref name="tar"/> (ustar, PAX, GNU or v7) into
    /// <paramref name="targetDirectory"/>, which exists and is empty, with its owner, mode,
    /// times and extended attributes, then reads the stream to its end (the caller keeps it,
    /// and checks its digest). On failure the directory holds part of the layer; the caller
    /// removes it.
    /// </summary>
    /// <exception cref="Grpc.RpcException">
    /// InvalidArgument naming the entry for one that would land outside the directory, or a
    /// corrupt or truncated stream; Unimplemented for an entry type that cannot be unpacked
    /// (sparse files among them); Internal for a failed file system call.
    /// </exception>
    public static Task<LayerUnpackStats> UnpackAsync(Stream tar, string targetDirectory, CancellationToken cancellationToken) =>
        LayerExtraction.RunAsync(tar, targetDirectory, WhiteoutMode.Overlay, cancellationToken);
}
