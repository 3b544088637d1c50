using System.Formats.Tar;
using CriEngine.Grpc;
using CriEngine.Images.Native;

namespace CriEngine.Images.Layers;

/// <summary>
/// One pass over a layer's tar, applying each entry to a <see cref="LayerTree"/> in order. A
/// later entry for the same path replaces the earlier one (removed, then created), as tar
/// extraction does; a directory over a directory only takes the new metadata.
/// </summary>
internal sealed class LayerExtraction
{
    private const string SparsePrefix = "GNU.sparse.";
    private const UnixFileMode PermissionBits = (UnixFileMode)0x1FF;

    private readonly LayerTree _tree;
    private readonly WhiteoutApplier _whiteouts;
    private readonly FileContentCopier _copier = new();
    private long _entries;
    private long _bytesWritten;

    private LayerExtraction(string root, WhiteoutMode mode)
    {
        _tree = new LayerTree(root);
        _whiteouts = new WhiteoutApplier(_tree, mode);
    }

    public static async Task<LayerUnpackStats> RunAsync(Stream tar, string targetDirectory, WhiteoutMode mode, CancellationToken cancellationToken)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(targetDirectory));
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"layer directory {root} does not exist");
        return await new LayerExtraction(root, mode).ExtractAsync(tar, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LayerUnpackStats> ExtractAsync(Stream tar, CancellationToken cancellationToken)
    {
        var archive = new PaxXattrCapture(tar);
        var reader = new TarReader(archive, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            string? previous = null;
            while (await NextEntryAsync(reader, archive, previous, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                await ApplyAsync(entry, archive.Xattrs, cancellationToken).ConfigureAwait(false);
                previous = entry.Name;
            }
        }
        await DrainAsync(archive, cancellationToken).ConfigureAwait(false);
        try
        {
            _tree.ApplyDirectoryTimes();
        }
        catch (IOException e)
        {
            throw new RpcException(StatusCode.Internal, $"setting the times of the layer's directories: {e.Message}", e);
        }
        return new LayerUnpackStats(_entries, _bytesWritten);
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, PaxXattrCapture archive, string? previous, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException e)
        {
            throw new RpcException(StatusCode.Unimplemented, $"tar entry \"{archive.HeaderName}\": {e.Message}", e);
        }
        catch (Exception e) when (TarStreamErrors.IsCorruptHeader(e))
        {
            var where = previous is null ? "at its start" : $"after entry \"{previous}\"";
            throw new RpcException(StatusCode.InvalidArgument, $"tar stream is corrupt or truncated {where}: {e.Message}", e);
        }
    }

    // The whole stream is read so that the decompressor checks its trailer and the caller's
    // digest sees every byte; what follows the tar's end is padding.
    private static async Task DrainAsync(Stream archive, CancellationToken cancellationToken)
    {
        try
        {
            await archive.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TarStreamErrors.IsCorruptData(e))
        {
            throw new RpcException(StatusCode.InvalidArgument, $"tar stream is corrupt after its last entry: {e.Message}", e);
        }
    }

    private async Task ApplyAsync(TarEntry entry, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.TapeVolume)
            return;
        if (entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.Any(key => key.StartsWith(SparsePrefix, StringComparison.Ordinal)))
        {
            var name = pax.ExtendedAttributes.GetValueOrDefault(SparsePrefix + "name", entry.Name);
            throw new RpcException(StatusCode.Unimplemented, $"tar entry \"{name}\": GNU sparse files are not supported");
        }
        var path = OnFileSystem(entry.Name, () => EntryPath.TryParse(entry.Name, out var parsed, out var reason) ? parsed : throw new EntryRefusedException(reason));
        if (IsRegularFile(entry) && !path.IsRoot && !Whiteout.IsSpecial(path))
            await WriteFileAsync(entry, path, xattrs, cancellationToken).ConfigureAwait(false);
        else
            OnFileSystem(entry.Name, () => ApplyOther(entry, path, xattrs));
    }

    // The content is copied outside OnFileSystem: a failing source must reach the caller as it is.
    private async Task WriteFileAsync(TarEntry entry, EntryPath path, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs, CancellationToken cancellationToken)
    {
        var file = OnFileSystem(entry.Name, () =>
        {
            _tree.PrepareParents(path);
            _tree.Remove(path);
            return _tree.CreateFile(path);
        });
        long written;
        await using (file.ConfigureAwait(false))
            written = entry.DataStream is null ? 0 : await _copier.CopyAsync(entry.DataStream, file, entry.Name, cancellationToken).ConfigureAwait(false);
        if (written != entry.Length)
            throw new RpcException(StatusCode.InvalidArgument, $"tar entry \"{entry.Name}\": its content ends after {written} of {entry.Length} bytes (truncated layer)");
        OnFileSystem(entry.Name, () => Finish(path, FileKind.RegularFile, entry, xattrs));
        _bytesWritten += written;
        _entries++;
    }

    private void ApplyOther(TarEntry entry, EntryPath path, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs)
    {
        if (path.IsRoot)
        {
            // The root is the target directory itself: the caller made it and owns its metadata.
            if (!IsDirectory(entry))
                throw new EntryRefusedException("only a directory can name the layer root");
            return;
        }
        if (Whiteout.IsOpaqueMarker(path.Name))
            _whiteouts.MakeOpaque(path.Parent);
        else if (Whiteout.IsAufsMetadata(path))
            return;
        else if (Whiteout.Target(path.Name) is { } deleted)
            _whiteouts.Delete(Whiteout.IsValidTarget(deleted) ? path.Parent.Child(deleted) : throw new EntryRefusedException($"whiteout \"{path.Name}\" names no sibling entry"));
        else if (IsDirectory(entry))
            CreateDirectory(entry, path, xattrs);
        else
        {
            switch (entry.EntryType)
            {
                case TarEntryType.SymbolicLink:
                    CreateSymbolicLink(entry, path, xattrs);
                    break;
                case TarEntryType.HardLink:
                    CreateHardLink(entry, path);
                    break;
                case TarEntryType.CharacterDevice:
                    CreateSpecialFile((PosixTarEntry)entry, path, FileKind.CharacterDevice, xattrs);
                    break;
                case TarEntryType.BlockDevice:
                    CreateSpecialFile((PosixTarEntry)entry, path, FileKind.BlockDevice, xattrs);
                    break;
                case TarEntryType.Fifo:
                    CreateSpecialFile((PosixTarEntry)entry, path, FileKind.Fifo, xattrs);
                    break;
                default:
                    throw new RpcException(StatusCode.Unimplemented, $"tar entry \"{entry.Name}\": entry type {entry.EntryType} ('{(char)entry.EntryType}') is not supported");
            }
        }
        _entries++;
    }

    private void CreateDirectory(TarEntry entry, EntryPath path, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs)
    {
        _tree.PrepareParents(path);
        var existing = _tree.Status(path);
        if (existing is { IsDirectory: true })
            _tree.KnowDirectory(path);
        else
        {
            _tree.Remove(path);
            _tree.CreateDirectory(path, entry.Mode);
            if (existing is not null)
                _whiteouts.DirectoryReplaced(path, existing.Value);
        }
        Finish(path, FileKind.Directory, entry, xattrs);
    }

    private void CreateSymbolicLink(TarEntry entry, EntryPath path, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs)
    {
        if (entry.LinkName.Length == 0 || entry.LinkName.Contains('\0'))
            throw new EntryRefusedException("the symbolic link's target is empty or holds a NUL character");
        _tree.PrepareParents(path);
        _tree.Remove(path);
        File.CreateSymbolicLink(_tree.FullPath(path), entry.LinkName);
        Finish(path, FileKind.SymbolicLink, entry, xattrs);
    }

    // Like GNU tar, the link only: its inode already has the metadata of the entry it shares.
    private void CreateHardLink(TarEntry entry, EntryPath path)
    {
        if (!EntryPath.TryParse(entry.LinkName, out var target, out var reason))
            throw new EntryRefusedException($"hard link target \"{entry.LinkName}\": {reason}");
        _tree.PrepareParents(path);
        if (target == path)
            return;
        FileStatus? status;
        try
        {
            status = !target.IsRoot && _tree.ParentsExist(target) ? _tree.Status(target) : null;
        }
        catch (EntryRefusedException e)
        {
            throw new EntryRefusedException($"hard link target \"{entry.LinkName}\": {e.Message}");
        }
        if (status is null)
            throw new EntryRefusedException($"hard link target \"{entry.LinkName}\" is not in the layer");
        if (status.Value.IsDirectory)
            throw new EntryRefusedException($"hard link target \"{entry.LinkName}\" is a directory");
        _tree.Remove(path);
        HardLink.Create(_tree.FullPath(target), _tree.FullPath(path));
        _whiteouts.Record(path);
    }

    private void CreateSpecialFile(PosixTarEntry entry, EntryPath path, FileKind kind, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs)
    {
        _tree.PrepareParents(path);
        _tree.Remove(path);
        SpecialFile.Create(_tree.FullPath(path), kind, entry.Mode & PermissionBits, (uint)entry.DeviceMajor, (uint)entry.DeviceMinor);
        Finish(path, kind, entry, xattrs);
    }

    /// <summary>Applies the entry's metadata to what was made for it; a directory's time waits until every entry is in.</summary>
    private void Finish(EntryPath path, FileKind kind, TarEntry entry, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs)
    {
        var fullPath = _tree.FullPath(path);
        EntryMetadata.Apply(fullPath, kind, entry, xattrs);
        var (seconds, nanoseconds) = EntryMetadata.ModificationTime(entry);
        if (kind == FileKind.Directory)
            _tree.SetDirectoryTimeLater(path, seconds, nanoseconds);
        else
            FileTimes.Set(fullPath, seconds, nanoseconds);
        _whiteouts.Record(path);
    }

    private static bool IsRegularFile(TarEntry entry) =>
        entry.EntryType is TarEntryType.RegularFile or TarEntryType.ContiguousFile
        || (entry.EntryType == TarEntryType.V7RegularFile && !IsDirectory(entry));

    // v7 archives have no directory type: a regular file whose name ends in '/' is one.
    private static bool IsDirectory(TarEntry entry) =>
        entry.EntryType == TarEntryType.Directory || (entry.EntryType == TarEntryType.V7RegularFile && entry.Name.EndsWith('/'));

    private static void OnFileSystem(string name, Action step) => OnFileSystem(name, () =>
    {
        step();
        return true;
    });

    /// <summary>Runs a step of applying entry <paramref name="name"/>, reporting a refusal as InvalidArgument and a failed call as Internal, both naming the entry.</summary>
    private static T OnFileSystem<T>(string name, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (EntryRefusedException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"tar entry \"{name}\": {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"tar entry \"{name}\": {e.Message}", e);
        }
    }
}
