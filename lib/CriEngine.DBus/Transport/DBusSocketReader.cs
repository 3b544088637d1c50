using System.Net.Sockets;
using System.Text;

namespace CriEngine.DBus.Transport;

/// <summary>
/// Buffered reading from the connection's socket: the SASL lines first, then whole messages.
/// One buffer serves both, so bytes that arrive right behind the last SASL line are not lost.
/// </summary>
internal sealed class DBusSocketReader(Socket socket)
{
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private int Buffered => _end - _start;

    /// <summary>The next line without its CR LF, or null at end of stream.</summary>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, Buffered).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline).TrimEnd('\r');
                _start += newline + 1;
                return line;
            }
            if (Buffered >= maxLength)
                throw new IOException($"authentication line longer than {maxLength} bytes");
            if (!await FillAsync(Buffered + 1, cancellationToken).ConfigureAwait(false))
                return null;
        }
    }

    /// <summary>The next whole message, validated; null when the peer closed the stream between messages.</summary>
    public async ValueTask<DBusMessage?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(DBusMessageCodec.FixedHeaderLength, cancellationToken).ConfigureAwait(false))
            return Buffered == 0 ? null : throw Truncated();
        var length = DBusMessageCodec.GetMessageLength(_buffer.AsSpan(_start, DBusMessageCodec.FixedHeaderLength));
        if (!await FillAsync(length, cancellationToken).ConfigureAwait(false))
            throw Truncated();
        var bytes = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        return DBusMessageCodec.Decode(bytes);
    }

    /// <summary>Reads until <paramref name="count"/> bytes are buffered; false if the stream ends first.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (Buffered >= count)
            return true;
        if (_start + count > _buffer.Length)
        {
            var target = count > _buffer.Length ? new byte[Math.Max(count, _buffer.Length * 2)] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, Buffered);
            (_buffer, _end, _start) = (target, Buffered, 0);
        }
        while (Buffered < count)
        {
            var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0)
                return false;
            _end += received;
        }
        return true;
    }

    private IOException Truncated() => new($"the peer closed the connection in the middle of a message ({Buffered} bytes of it read)");
}
