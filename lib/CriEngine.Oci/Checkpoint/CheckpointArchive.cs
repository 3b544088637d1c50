using System.Formats.Tar;
using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Oci.Native;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Checkpoint;

/// <summary>
/// Writes a container checkpoint archive in CRI-O's layout: CRIU's images and logs, config.dump,
/// spec.dump, bind.mounts, the root file system's changes (rootfs-diff.tar, deleted.files) and the
/// container's log, as one uncompressed tar readable only by its owner: it holds every memory page
/// of the checkpointed processes.
/// </summary>
public static class CheckpointArchive
{
    /// <summary>What the runtime mounts over the root file system: their changes are not the container's (CRI-O's list, from Podman).</summary>
    private static readonly string[] RuntimeMounts = ["/dev", "/dev/shm", "/proc", "/run", "/run/.containerenv", "/run/secrets", "/sys"];

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task WriteAsync(CheckpointContents contents, string location, CancellationToken cancellationToken = default)
    {
        var work = contents.WorkDirectory;
        var spec = await SpecFile.ReadAsync(contents.Bundle, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Internal, $"container {contents.Config.Id}: no readable {SpecFile.FileName} in {contents.Bundle}");
        await WriteJsonAsync(work, CheckpointLayout.ConfigDump, contents.Config, CheckpointJsonContext.Default.CheckpointConfigDump, cancellationToken).ConfigureAwait(false);
        File.Copy(Path.Combine(contents.Bundle, SpecFile.FileName), Path.Combine(work, CheckpointLayout.SpecDump), overwrite: true);

        var binds = (spec.Mounts ?? []).Where(m => m.Type == "bind" && m.Source is not null && !RuntimeMounts.Contains(m.Destination)).ToList();
        if (binds.Count > 0)
            await WriteJsonAsync(work, CheckpointLayout.BindMounts, binds.Select(BindMount).ToList(), CheckpointJsonContext.Default.ListCheckpointBindMount, cancellationToken).ConfigureAwait(false);

        var skipped = RuntimeMounts.Concat(binds.Select(m => m.Destination)).ToHashSet(StringComparer.Ordinal);
        var deleted = await WriteRootfsDiffAsync(contents.UpperDirectory, skipped, Path.Combine(work, CheckpointLayout.RootfsDiffTar), cancellationToken).ConfigureAwait(false);
        if (deleted.Count > 0)
            await WriteJsonAsync(work, CheckpointLayout.DeletedFiles, deleted, CheckpointJsonContext.Default.ListString, cancellationToken).ConfigureAwait(false);
        if (contents.LogPath is { } log && File.Exists(log))
            File.Copy(log, Path.Combine(work, CheckpointLayout.ContainerLog), overwrite: true);

        await using var output = new FileStream(location, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly, Options = FileOptions.Asynchronous });
        // An archive written over an older file keeps that file's mode: it must not stay readable by others.
        File.SetUnixFileMode(output.SafeFileHandle, OwnerOnly);
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var name in CheckpointLayout.Entries)
            await AddAsync(tar, Path.Combine(work, name), name, cancellationToken).ConfigureAwait(false);
    }

    private static CheckpointBindMount BindMount(OciMount mount)
    {
        var directory = Directory.Exists(mount.Source);
        var mode = directory ? File.GetUnixFileMode(mount.Source!) : File.Exists(mount.Source) ? File.GetUnixFileMode(mount.Source!) : (UnixFileMode)0;
        return new CheckpointBindMount(mount.Source!, mount.Destination, directory ? "directory" : "file", (uint)mode & 0x1FF);
    }

    /// <summary>
    /// Tars what the container added or changed (its overlay upper directory, entry names relative
    /// to the root) and returns what it deleted: overlay's whiteouts, character devices 0:0, stand
    /// for deleted files and are not archived themselves.
    /// </summary>
    private static async Task<List<string>> WriteRootfsDiffAsync(string upper, HashSet<string> skipped, string tarPath, CancellationToken cancellationToken)
    {
        var deleted = new List<string>();
        await using var output = new FileStream(tarPath, FileMode.Create, FileAccess.Write);
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        if (!Directory.Exists(upper))
            return deleted;
        var entries = Directory.EnumerateFileSystemEntries(upper, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal);
        foreach (var path in entries)
        {
            var relative = Path.GetRelativePath(upper, path);
            var absolute = "/" + relative;
            if (skipped.Any(s => absolute == s || absolute.StartsWith(s + "/", StringComparison.Ordinal)))
                continue;
            if (Statx.Get(path, followSymlinks: false) is { IsCharacterDevice: true, RdevMajor: 0, RdevMinor: 0 })
            {
                deleted.Add(absolute);
                continue;
            }
            await tar.WriteEntryAsync(path, relative, cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }

    /// <summary>Adds a file, or a directory with everything in it, under <paramref name="name"/>; nothing when it was not written.</summary>
    private static async Task AddAsync(TarWriter tar, string path, string name, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            await tar.WriteEntryAsync(path, name, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!Directory.Exists(path))
            return;
        await tar.WriteEntryAsync(path, name, cancellationToken).ConfigureAwait(false);
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
            await tar.WriteEntryAsync(entry, Path.Join(name, Path.GetRelativePath(path, entry)), cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync<T>(string directory, string name, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var file = File.Create(Path.Combine(directory, name));
        await JsonSerializer.SerializeAsync(file, value, type, cancellationToken).ConfigureAwait(false);
    }
}
