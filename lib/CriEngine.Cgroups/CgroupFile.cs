using System.Text;

namespace CriEngine.Cgroups;

/// <summary>Reads and writes cgroup control files: small texts, each value written with one write(2).</summary>
internal static class CgroupFile
{
    /// <summary>The file's text, or null if the file or its cgroup does not exist (a controller not enabled there).</summary>
    public static async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> in one write(2), as the kernel parses one value per write.
    /// The file must exist: a control file is never created, so a missing one is an error here.
    /// </summary>
    public static async Task WriteAsync(string path, string value, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Truncate, FileAccess.Write);
        await RandomAccess.WriteAsync(handle, Encoding.ASCII.GetBytes(value), 0, cancellationToken).ConfigureAwait(false);
    }
}
