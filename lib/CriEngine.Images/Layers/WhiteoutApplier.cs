using CriEngine.Images.Native;

namespace CriEngine.Images.Layers;

/// <summary>
/// The whiteout entries of one layer, applied to its tree in the form <see cref="WhiteoutMode"/>
/// asks for. A whiteout hides the lower layers only (OCI image-spec): what this layer adds
/// stays, whether it comes before or after the marker in the tar.
/// </summary>
internal sealed class WhiteoutApplier(LayerTree tree, WhiteoutMode mode)
{
    // Delete mode: every path this layer put in place, with the directories leading to it.
    private readonly HashSet<EntryPath> _layerPaths = [];

    /// <summary>Notes that this layer put <paramref name="path"/> in place.</summary>
    public void Record(EntryPath path)
    {
        if (mode != WhiteoutMode.Delete || !_layerPaths.Add(path))
            return;
        foreach (var ancestor in path.Ancestors)
            _layerPaths.Add(ancestor);
    }

    /// <summary>Applies <c>.wh.NAME</c>, where <paramref name="deleted"/> is NAME.</summary>
    public void Delete(EntryPath deleted)
    {
        if (mode == WhiteoutMode.Overlay)
        {
            tree.PrepareParents(deleted);
            var existing = tree.Status(deleted);
            if (existing is null)
                SpecialFile.Create(tree.FullPath(deleted), FileKind.CharacterDevice, 0, 0, 0);
            else if (existing.Value.IsDirectory)
                SetOpaque(deleted);
            // Anything else there is this layer's own entry, which hides the lower one anyway.
            return;
        }
        if (!tree.ParentsExist(deleted))
            return;
        if (!_layerPaths.Contains(deleted))
            tree.Remove(deleted);
        else if (tree.Status(deleted) is { IsDirectory: true })
            RemoveLowerContent(deleted);
    }

    /// <summary>Applies <c>.wh..wh..opq</c> in <paramref name="directory"/>, making the directory if the layer did not have it yet.</summary>
    public void MakeOpaque(EntryPath directory)
    {
        tree.PrepareParents(directory.Child(Whiteout.OpaqueMarker));
        if (mode == WhiteoutMode.Overlay)
            SetOpaque(directory);
        else
        {
            Record(directory);
            RemoveLowerContent(directory);
        }
    }

    /// <summary>
    /// Called when this layer's directory <paramref name="path"/> took the place of
    /// <paramref name="replaced"/>: over this layer's own overlay whiteout it must not show
    /// the lower directory's content.
    /// </summary>
    public void DirectoryReplaced(EntryPath path, FileStatus replaced)
    {
        if (mode == WhiteoutMode.Overlay && replaced is { Kind: FileKind.CharacterDevice, DeviceMajor: 0, DeviceMinor: 0 })
            SetOpaque(path);
    }

    private void SetOpaque(EntryPath directory) =>
        ExtendedAttributes.Set(tree.FullPath(directory), Whiteout.OverlayOpaqueXattr, "y"u8);

    private void RemoveLowerContent(EntryPath directory)
    {
        foreach (var child in tree.Children(directory).ToList())
        {
            if (!_layerPaths.Contains(child))
                tree.Remove(child);
            else if (tree.Status(child) is { IsDirectory: true })
                RemoveLowerContent(child);
        }
    }
}
