using CriEngine.Images.Layers;
using CriEngine.Images.Native;

namespace CriEngine.Images.Rootfs;

/// <summary>
/// The vfs driver: a container's root filesystem as a full copy of its image's layers, bottom
/// first. Layers are stored in overlay form, so their whiteouts are read as overlayfs would:
/// a 0/0 character device deletes what lower layers have there, an opaque directory drops
/// their content. Everything is copied without following links, metadata included.
/// </summary>
internal static class VfsCopy
{
    private const string OpaqueAttribute = "trusted.overlay.opaque";

    public static void Stack(IEnumerable<string> layers, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        foreach (var layer in layers)
        {
            var directoryTimes = new List<(string Path, FileStatus Status)>();
            CopyDirectory(layer, target, new Dictionary<ulong, string>(), directoryTimes, cancellationToken);
            // Children change their directory's times: set those last, deepest first.
            foreach (var (path, status) in Enumerable.Reverse(directoryTimes))
                FileTimes.Set(path, status.ModifiedSeconds, status.ModifiedNanoseconds);
        }
    }

    private static void CopyDirectory(string source, string target, Dictionary<ulong, string> linked, List<(string, FileStatus)> directoryTimes, CancellationToken cancellationToken)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = FileStatus.Of(entry) ?? throw new IOException($"{entry} vanished while it was copied");
            var destination = Path.Combine(target, Path.GetFileName(entry));
            if (status is { Kind: FileKind.CharacterDevice, DeviceMajor: 0, DeviceMinor: 0 })
            {
                Remove(destination);
                continue;
            }
            if (status.IsDirectory)
            {
                var existing = FileStatus.Of(destination);
                if (existing is { IsDirectory: true } && IsOpaque(entry))
                    EmptyDirectory(destination);
                else if (existing is { IsDirectory: false })
                    Remove(destination);
                if (existing is not { IsDirectory: true })
                    Directory.CreateDirectory(destination);
                EntryMetadata.Apply(destination, status.Kind, status.Uid, status.Gid, status.Mode, Attributes(entry));
                directoryTimes.Add((destination, status));
                CopyDirectory(entry, destination, linked, directoryTimes, cancellationToken);
                continue;
            }
            Remove(destination);
            if (status.LinkCount > 1 && linked.TryGetValue(status.Inode, out var first))
            {
                HardLink.Create(first, destination);
                continue;
            }
            CopyEntry(entry, destination, status);
            if (status.LinkCount > 1)
                linked[status.Inode] = destination;
        }
    }

    private static void CopyEntry(string source, string destination, FileStatus status)
    {
        switch (status.Kind)
        {
            case FileKind.RegularFile:
                File.Copy(source, destination);
                break;
            case FileKind.SymbolicLink:
                File.CreateSymbolicLink(destination, new FileInfo(source).LinkTarget!);
                break;
            default:
                SpecialFile.Create(destination, status.Kind, status.Mode, status.DeviceMajor, status.DeviceMinor);
                break;
        }
        EntryMetadata.Apply(destination, status.Kind, status.Uid, status.Gid, status.Mode, Attributes(source));
        FileTimes.Set(destination, status.ModifiedSeconds, status.ModifiedNanoseconds);
    }

    private static IReadOnlyList<KeyValuePair<string, byte[]>> Attributes(string path) =>
        ExtendedAttributes.List(path)
            .Select(name => KeyValuePair.Create(name, ExtendedAttributes.Get(path, name)))
            .Where(pair => pair.Value is not null)
            .Select(pair => KeyValuePair.Create(pair.Key, pair.Value!))
            .ToList();

    private static bool IsOpaque(string directory) =>
        ExtendedAttributes.Get(directory, OpaqueAttribute) is [(byte)'y'];

    private static void EmptyDirectory(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            Remove(entry);
    }

    private static void Remove(string path)
    {
        switch (FileStatus.Of(path))
        {
            case null:
                return;
            case { IsDirectory: true }:
                Directory.Delete(path, recursive: true);
                return;
            default:
                File.Delete(path);
                return;
        }
    }
}
