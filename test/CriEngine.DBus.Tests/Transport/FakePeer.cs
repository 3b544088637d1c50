using System.Net.Sockets;
using System.Text;
using CriEngine.TestSupport;

namespace CriEngine.DBus.Tests.Transport;

/// <summary>
/// A D-Bus peer on a unix socket under a temporary directory, played by the test: it accepts
/// connections, answers SASL as the test says, and reads and writes raw messages, so that what
/// a real bus never does on cue (reordering, silence, garbage, hanging up) can be made to happen.
/// </summary>
internal sealed class FakePeer : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("criengine-dbus-peer");
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public FakePeer()
    {
        SocketPath = _directory.Combine("bus");
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
    }

    public string SocketPath { get; }

    public DBusEndpoint Endpoint => DBusEndpoint.Direct(SocketPath);

    /// <summary>Accepts the next connection and reads its AUTH line; the test answers it.</summary>
    public async Task<Peer> AcceptAsync()
    {
        var socket = await _listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var peer = new Peer(socket);
        peer.AuthLine = await peer.ReadLineAsync(expectNul: true);
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _directory.Dispose();
        await Task.CompletedTask;
    }

    internal sealed class Peer(Socket socket) : IDisposable
    {
        private readonly List<byte> _buffered = [];

        public string AuthLine { get; set; } = "";

        /// <summary>Answers OK and reads the client's BEGIN.</summary>
        public async Task AcceptAuthAsync()
        {
            await SendAsync(Encoding.ASCII.GetBytes("OK 1234deadbeef\r\n"));
            Assert.That(await ReadLineAsync(expectNul: false), Is.EqualTo("BEGIN"));
        }

        public Task SendAsync(byte[] bytes) => socket.SendAsync(bytes.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        public Task SendLineAsync(string line) => SendAsync(Encoding.ASCII.GetBytes(line + "\r\n"));

        public async Task<DBusMessage> ReadMessageAsync()
        {
            await FillAsync(DBusMessageCodec.FixedHeaderLength);
            var length = DBusMessageCodec.GetMessageLength(_buffered.ToArray());
            await FillAsync(length);
            var bytes = _buffered.Take(length).ToArray();
            _buffered.RemoveRange(0, length);
            return DBusMessageCodec.Decode(bytes);
        }

        /// <summary>A method return to <paramref name="call"/> carrying one uint32.</summary>
        public Task ReplyAsync(DBusMessage call, uint value, uint serial)
        {
            var body = new DBusWriter();
            body.WriteUInt32(value);
            return SendAsync(DBusMessageCodec.Encode(new DBusMessage
            {
                Type = DBusMessageType.MethodReturn,
                Serial = serial,
                ReplySerial = call.Serial,
                Signature = new DBusSignature("u"),
                Body = body.ToArray(),
            }));
        }

        public void Dispose() => socket.Dispose();

        internal async Task<string> ReadLineAsync(bool expectNul)
        {
            while (true)
            {
                var newline = _buffered.IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = _buffered.Take(newline).ToArray();
                    _buffered.RemoveRange(0, newline + 1);
                    if (expectNul)
                    {
                        Assert.That(line[0], Is.Zero, "a connection starts with a nul byte");
                        line = line[1..];
                    }
                    return Encoding.ASCII.GetString(line).TrimEnd('\r');
                }
                await ReceiveAsync();
            }
        }

        private async Task FillAsync(int count)
        {
            while (_buffered.Count < count)
                await ReceiveAsync();
        }

        private async Task ReceiveAsync()
        {
            var chunk = new byte[4096];
            var received = await socket.ReceiveAsync(chunk.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (received == 0)
                throw new EndOfStreamException("the client closed the connection");
            _buffered.AddRange(chunk.AsSpan(0, received).ToArray());
        }
    }
}
