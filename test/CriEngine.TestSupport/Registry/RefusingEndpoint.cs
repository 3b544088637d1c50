using System.Net;
using System.Net.Sockets;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// A port on 127.0.0.1 that refuses connections: a socket is bound to it but never listens,
/// so connecting gets ECONNREFUSED, and nothing else can take the port until dispose. For
/// "the mirror is down" tests: use <see cref="Host"/> as a registry location or mirror.
/// </summary>
public sealed class RefusingEndpoint : IDisposable
{
    private readonly Socket _socket;

    public RefusingEndpoint()
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{Host}/");

    public void Dispose() => _socket.Dispose();
}
