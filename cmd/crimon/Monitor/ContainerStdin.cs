using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// The container's stdin as the monitor holds it: the write end of its stdin pipe, or its
/// terminal. Bytes the container does not take yet wait here (the descriptor is non-blocking),
/// and attached clients are not read meanwhile.
/// </summary>
internal sealed class ContainerStdin(int fd)
{
    private byte[] _pending = [];

    public int Fd { get; private set; } = fd;

    public bool IsOpen => Fd >= 0;

    public bool HasPending => _pending.Length > 0;

    /// <summary>Takes the terminal the runtime handed over as the container's stdin.</summary>
    public void Open(int fd) => Fd = fd;

    /// <summary>Writes what the descriptor takes now; the rest waits for <see cref="Flush"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (!IsOpen)
            return;
        _pending = [.. _pending, .. data];
        Flush();
    }

    public unsafe void Flush()
    {
        if (!IsOpen || _pending.Length == 0)
            return;
        fixed (byte* pointer = _pending)
        {
            var written = Libc.Write(Fd, pointer, (nuint)_pending.Length);
            if (written > 0)
                _pending = _pending[(int)written..];
            else if (written < 0 && Libc.Errno is not (Constants.Eagain or Constants.Eintr))
                _pending = [];
        }
    }

    /// <summary>Closes it: the container reads end of file (not for a terminal, whose other descriptor stays).</summary>
    public void Close()
    {
        var fd = Fd;
        Descriptors.CloseIfOpen(ref fd);
        Fd = -1;
        _pending = [];
    }
}
