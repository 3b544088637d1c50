using System.Net.Sockets;
using System.Text;

namespace CriEngine.TestSupport.Streaming;

/// <summary>A plain TCP connection to the server for sending recorded or hand-made bytes.</summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    public NetworkStream Stream => _stream ?? throw new InvalidOperationException("not connected");

    public static async Task<RawConnection> ConnectAsync(Uri server)
    {
        var connection = new RawConnection();
        await connection._client.ConnectAsync(server.Host, server.Port);
        connection._stream = connection._client.GetStream();
        return connection;
    }

    /// <summary>Reads the HTTP response head, byte by byte so that nothing after it is taken.</summary>
    public async Task<string> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!head.AsEnumerable().Reverse().Take(4).SequenceEqual("\n\r\n\r"u8.ToArray()))
        {
            if (await Stream.ReadAsync(one, cancellationToken) == 0)
                break;
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]);
    }

    /// <summary>Everything the server sends until it closes the connection.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        await Stream.CopyToAsync(all, cancellationToken);
        return all.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
            await _stream.DisposeAsync();
        _client.Dispose();
    }
}
