namespace CriEngine.Platform;

/// <summary>
/// Writes a file so that a crash leaves either the old content or the new, never a mix: a
/// temporary file in the same directory, fsync, rename over the target, fsync the directory.
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        SyncDirectory(directory);
    }

    public static Task WriteAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);

    /// <summary>Makes a rename or a new entry in <paramref name="directory"/> durable.</summary>
    public static void SyncDirectory(string directory) => Native.Fsync.Directory(directory);
}
