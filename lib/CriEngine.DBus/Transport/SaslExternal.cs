using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CriEngine.DBus.Transport;

/// <summary>
/// The SASL exchange that opens every connection: a nul byte, <c>AUTH EXTERNAL</c> with the uid
/// as hex-encoded ASCII digits (the server checks it against the socket's peer credentials),
/// then <c>BEGIN</c> once the server says OK. Unix fd passing is not negotiated.
/// </summary>
internal static class SaslExternal
{
    private const int MaxLineLength = 16 * 1024;
    private const int MaxRounds = 4;

    /// <summary>
    /// Authenticates as <paramref name="uid"/>; returns the server's GUID. A server that refuses
    /// the client may just close the socket (systemd does so on its private socket for a peer
    /// whose PID it cannot see): that is said as such rather than as "Broken pipe".
    /// </summary>
    public static async Task<string> AuthenticateAsync(Socket socket, DBusSocketReader reader, uint uid, CancellationToken cancellationToken)
    {
        try
        {
            return await ExchangeAsync(socket, reader, uid, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new IOException($"the server closed the connection during authentication ({e.Message})", e);
        }
    }

    private static async Task<string> ExchangeAsync(Socket socket, DBusSocketReader reader, uint uid, CancellationToken cancellationToken)
    {
        var identity = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid.ToString(CultureInfo.InvariantCulture)));
        await SendAsync(socket, $"\0AUTH EXTERNAL {identity}\r\n", cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < MaxRounds; round++)
        {
            var line = await reader.ReadLineAsync(MaxLineLength, cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("the server closed the connection during authentication");
            var space = line.IndexOf(' ');
            var (command, argument) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
            switch (command)
            {
                case "OK":
                    await SendAsync(socket, "BEGIN\r\n", cancellationToken).ConfigureAwait(false);
                    return argument;
                case "DATA":
                    // The identity went with AUTH already; an empty answer confirms it.
                    await SendAsync(socket, "DATA\r\n", cancellationToken).ConfigureAwait(false);
                    break;
                case "REJECTED":
                    throw new DBusException(DBusErrorNames.AuthFailed, $"the server rejected EXTERNAL for uid {uid} (it offers: {argument})");
                default:
                    throw new DBusException(DBusErrorNames.AuthFailed, $"the server answered '{line}' to EXTERNAL for uid {uid}");
            }
        }
        throw new DBusException(DBusErrorNames.AuthFailed, $"no OK after {MaxRounds} rounds of EXTERNAL for uid {uid}");
    }

    private static Task SendAsync(Socket socket, string line, CancellationToken cancellationToken) =>
        socket.SendAllAsync(Encoding.ASCII.GetBytes(line), cancellationToken);
}
