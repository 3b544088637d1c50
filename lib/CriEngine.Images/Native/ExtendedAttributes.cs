using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>lsetxattr(2), lgetxattr(2) and llistxattr(2): extended attributes of the entry itself, never of a link's target.</summary>
internal static partial class ExtendedAttributes
{
    private const int MaxValueSize = 65536;

    public static unsafe void Set(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* data = value)
        {
            if (Lsetxattr(path, name, data, (nuint)value.Length, 0) != 0)
                throw NativeCallException.Last("lsetxattr", path);
        }
    }

    /// <summary>The attribute's value, or null when the entry does not have it.</summary>
    public static unsafe byte[]? Get(string path, string name)
    {
        var buffer = new byte[MaxValueSize];
        fixed (byte* data = buffer)
        {
            var length = Lgetxattr(path, name, data, (nuint)buffer.Length);
            if (length >= 0)
                return buffer[..(int)length];
        }
        var error = NativeCallException.Last("lgetxattr", path);
        return error.Errno == NativeCallException.NoData ? null : throw error;
    }

    /// <summary>The names of the entry's attributes.</summary>
    public static unsafe IReadOnlyList<string> List(string path)
    {
        var buffer = new byte[MaxValueSize];
        nint length;
        fixed (byte* data = buffer)
            length = Llistxattr(path, data, (nuint)buffer.Length);
        if (length < 0)
        {
            var error = NativeCallException.Last("llistxattr", path);
            return error.Errno == NativeCallException.NotSupported ? [] : throw error;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    [LibraryImport("libc", EntryPoint = "llistxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint Llistxattr(string path, byte* list, nuint size);

    [LibraryImport("libc", EntryPoint = "lsetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Lsetxattr(string path, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial nint Lgetxattr(string path, string name, byte* value, nuint size);
}
