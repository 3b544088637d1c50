namespace CriEngine.Images.Layers;

/// <summary>
/// Applies a layer's tar on top of a directory that holds the layers below it, for storage
/// without overlayfs (the vfs driver: each image a full copy). A whiteout <c>.wh.NAME</c>
/// deletes NAME with everything under it; an opaque marker <c>.wh..wh..opq</c> deletes what
/// the lower layers have in its directory. A whiteout only ever hides lower layers: what this
/// layer adds stays, wherever the markers sit in the tar.
/// </summary>
public static class LayerApplier
{
    /// <summary>
    /// Applies every entry of <paramref name="tar"/> to <paramref name="targetDirectory"/>:
    /// each replaces what is there, except that a directory over a directory keeps its content
    /// and takes the new metadata. The stream is read to its end. On failure the tree is
    /// partly changed; the caller discards it.
    /// </summary>
    /// <exception cref="Grpc.RpcException">As for <see cref="LayerUnpacker.UnpackAsync"/>.</exception>
    public static Task<LayerUnpackStats> ApplyAsync(Stream tar, string targetDirectory, CancellationToken cancellationToken) =>
        LayerExtraction.RunAsync(tar, targetDirectory, WhiteoutMode.Delete, cancellationToken);
}
