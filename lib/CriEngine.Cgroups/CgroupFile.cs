using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Cgroups;

/// <summary>Reads and writes cgroup control files: small texts, each value written with one write(2).</summary>
internal static class CgroupFile
{
    /// <summary>
    /// The file's text, or null if the file or its cgroup does not exist (a controller not enabled there).
    /// Read synchronously into a pooled buffer: a control file is kernel memory, its read never waits
    /// on a device, and an asynchronous read would cost a thread-pool trip and two buffers per file.
    /// </summary>
    public static string? Read(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        using (handle)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                var length = 0;
                int read;
                while ((read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
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
