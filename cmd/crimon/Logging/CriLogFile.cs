using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Logging;

/// <summary>
/// A container's log in the CRI format (conmon's k8s-file driver): every line of output becomes
/// <c>TIMESTAMP STREAM F CONTENT\n</c>; the rest of a read that does not end a line becomes
/// <c>TIMESTAMP STREAM P CONTENT\n</c>. A line that would take the file past
/// <see cref="SizeMax"/> first replaces it with an empty one; past <see cref="GlobalSizeMax"/>
/// (counted over every file) nothing more is written. Sizes are counted as conmon counts them.
/// </summary>
internal sealed class CriLogFile : IDisposable
{
    /// <summary>conmon's fixed room for a time stamp, a stream name and their spaces (TSBUFLEN).</summary>
    private const int PrefixRoom = 44;

    /// <summary>What is gathered before one write(2): small, since a monitor keeps every page it touched; a longer line is written straight.</summary>
    private const int PendingSize = 4096;

    private readonly byte[] _pending = new byte[PendingSize];
    private int _pendingLength;
    private int _fd;
    private long _written;
    private long _totalWritten;

    public CriLogFile(string path, long sizeMax, long globalSizeMax, bool syncOnReopen = true)
    {
        Path = path;
        SizeMax = sizeMax;
        GlobalSizeMax = globalSizeMax;
        SyncOnReopen = syncOnReopen;
        _fd = Libc.Open(path, Constants.WriteOnly | Constants.Append | Constants.Create | Constants.CloseOnExec, 0b110_000_000);
        if (_fd < 0)
            throw new IOException($"Failed to open log file {path}: {Errors.Describe(Libc.Errno)}");
    }

    public string Path { get; }

    public long SizeMax { get; }

    public long GlobalSizeMax { get; }

    public bool SyncOnReopen { get; }

    /// <summary>Writes what the container wrote on <paramref name="stream"/> in one read, stamped <see cref="CriTimestamp.Now"/>.</summary>
    public void Write(StdStream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> timestamp = stackalloc byte[CriTimestamp.Length];
        Write(stream, data, timestamp[..CriTimestamp.Now(timestamp)]);
    }

    /// <summary>Writes <paramref name="data"/>, every line stamped <paramref name="timestamp"/> (one read, one stamp, as conmon).</summary>
    public void Write(StdStream stream, ReadOnlySpan<byte> data, ReadOnlySpan<byte> timestamp)
    {
        Span<byte> prefixBuffer = stackalloc byte[64];
        timestamp.CopyTo(prefixBuffer);
        var stampLength = timestamp.Length;
        var name = stream == StdStream.Stderr ? " stderr "u8 : " stdout "u8;
        name.CopyTo(prefixBuffer[stampLength..]);
        ReadOnlySpan<byte> prefix = prefixBuffer[..(stampLength + name.Length)];
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)'\n');
            var partial = end < 0;
            var line = partial ? data : data[..(end + 1)];
            var size = line.Length + PrefixRoom + 1 + (partial ? 1 : 0);
            if (GlobalSizeMax > 0 && _totalWritten >= GlobalSizeMax)
                break;
            if (SizeMax > 0 && _written + size > SizeMax)
            {
                _written = 0;
                Flush();
                Reopen();
            }
            Append(prefix);
            Append(partial ? "P "u8 : "F "u8);
            Append(line);
            if (partial)
                Append("\n"u8);
            _written += size;
            _totalWritten += size;
            data = data[line.Length..];
        }
        Flush();
    }

    /// <summary>
    /// Starts a new file at <see cref="Path"/> (CRI ReopenContainerLog, or the size limit): made
    /// under a temporary name and renamed into place, so the path never names nothing.
    /// </summary>
    public void Reopen()
    {
        Flush();
        if (SyncOnReopen)
            Libc.Fsync(_fd);
        Libc.Close(_fd);
        var temporary = Path + ".tmp";
        _fd = Libc.Open(temporary, Constants.WriteOnly | Constants.Truncate | Constants.Create | Constants.CloseOnExec, 0b110_000_000);
        if (_fd < 0)
            throw new IOException($"Failed to open log file {Path}: {Errors.Describe(Libc.Errno)}");
        if (Libc.Rename(temporary, Path) != 0)
            throw new IOException($"Failed to rename log file {temporary}: {Errors.Describe(Libc.Errno)}");
    }

    public void Sync()
    {
        Flush();
        Libc.Fsync(_fd);
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Flush();
            Libc.Close(_fd);
            _fd = -1;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength + bytes.Length > PendingSize)
            Flush();
        if (bytes.Length >= PendingSize)
        {
            Descriptors.WriteAll(_fd, bytes);
            return;
        }
        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += bytes.Length;
    }

    private void Flush()
    {
        if (_pendingLength == 0)
            return;
        Descriptors.WriteAll(_fd, _pending.AsSpan(0, _pendingLength));
        _pendingLength = 0;
    }
}
