using System.Net.Sockets;
using System.Text;

namespace CriEngine.TestSupport;

/// <summary>Raw HTTP/1.1 over a unix socket, byte for byte what a test writes, to see what a server answers to requests no library would send.</summary>
public static class Http1TestClient
{
    /// <summary>Writes each chunk in its own send, then reads the answer until the server closes the connection.</summary>
    public static async Task<string> ExchangeAsync(string socketPath, params string[] chunks)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        foreach (var chunk in chunks)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(chunk), timeout.Token);
            await stream.FlushAsync(timeout.Token);
        }
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    /// <summary>A GET of <paramref name="target"/> as curl sends it.</summary>
    public static Task<string> GetAsync(string socketPath, string target) =>
        ExchangeAsync(socketPath, $"GET {target} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n");
}
