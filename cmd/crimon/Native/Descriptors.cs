namespace CriEngine.Crimon.Native;

/// <summary>Whole writes and reads on raw descriptors, retried on EINTR.</summary>
internal static unsafe class Descriptors
{
    /// <summary>Writes all of <paramref name="data"/>; false when the descriptor refused (errno says why).</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var offset = 0;
            while (offset < data.Length)
            {
                var written = Libc.Write(fd, start + offset, (nuint)(data.Length - offset));
                if (written < 0 && Libc.Errno == Constants.Eintr)
                    continue;
                if (written <= 0)
                    return false;
                offset += (int)written;
            }
        }
        return true;
    }

    /// <summary>One read into <paramref name="buffer"/>: the byte count, 0 at end of file, -1 with errno on failure (EINTR retried).</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = Libc.Read(fd, start, (nuint)buffer.Length);
                if (read < 0 && Libc.Errno == Constants.Eintr)
                    continue;
                return (int)read;
            }
        }
    }

    /// <summary>
    /// A small file's whole text (pid files, /proc and cgroup files), read with no buffer beyond
    /// the text itself: a monitor lives long and every page it touches stays its own.
    /// Throws <see cref="IOException"/> when it cannot be opened or read.
    /// </summary>
    public static string ReadText(string path)
    {
        var fd = Libc.Open(path, Constants.ReadOnly | Constants.CloseOnExec, 0);
        if (fd < 0)
            throw new IOException($"{path}: {Errors.Describe(Libc.Errno)}");
        try
        {
            Span<byte> buffer = stackalloc byte[4096];
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Larger than such files are: carry on in a heap buffer twice the size.
                    var grown = new byte[buffer.Length * 2];
                    buffer.CopyTo(grown);
                    buffer = grown;
                }
                var read = Read(fd, buffer[length..]);
                if (read < 0)
                    throw new IOException($"{path}: {Errors.Describe(Libc.Errno)}");
                if (read == 0)
                    return System.Text.Encoding.UTF8.GetString(buffer[..length]);
                length += read;
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    public static void SetCloseOnExec(int fd) => Libc.Fcntl(fd, Constants.FdSetFlags, Constants.FdCloseOnExec);

    public static void SetNonBlocking(int fd) => Libc.Fcntl(fd, Constants.SetFileStatus, Libc.Fcntl(fd, Constants.GetFileStatus, 0) | Constants.NonBlock);

    public static void CloseIfOpen(ref int fd)
    {
        if (fd >= 0)
            Libc.Close(fd);
        fd = -1;
    }
}
