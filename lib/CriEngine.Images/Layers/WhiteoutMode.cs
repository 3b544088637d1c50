namespace CriEngine.Images.Layers;

/// <summary>What the OCI whiteout entries of a layer become.</summary>
internal enum WhiteoutMode
{
    /// <summary>overlayfs's own markers, in a directory of this layer alone: a 0/0 character device for a deleted name, trusted.overlay.opaque=y on an opaque directory.</summary>
    Overlay,

    /// <summary>Deletions, applied to the tree of the lower layers the layer is unpacked on top of.</summary>
    Delete,
}
