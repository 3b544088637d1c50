using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CriEngine.Streaming.Tests.Support;

/// <summary>
/// A TCP server on 127.0.0.1 standing in for a pod's port: for each connection it reads until
/// the client half-closes or sends the terminator, answers with <see cref="Answer"/> of what
/// it read, then closes.
/// </summary>
internal sealed class LineServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly byte[] _terminator;

    public LineServer(Func<byte[], byte[]> answer, string terminator = "\n")
    {
        Answer = answer;
        _terminator = Encoding.ASCII.GetBytes(terminator);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Func<byte[], byte[]> Answer { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections;

    /// <summary>A port on 127.0.0.1 where nothing listens.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref Connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[4096];
            int read;
            while (!EndsWithTerminator(received) && (read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                received.AddRange(buffer.AsSpan(0, read));
            await stream.WriteAsync(Answer([.. received]), _stop.Token);
        }
    }

    private bool EndsWithTerminator(List<byte> received) =>
        received.Count >= _terminator.Length && received.Skip(received.Count - _terminator.Length).SequenceEqual(_terminator);
}
