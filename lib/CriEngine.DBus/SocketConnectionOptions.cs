using System.Globalization;
using System.Net.Sockets;
using CriEngine.DBus.Native;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus;

/// <summary>
/// Connects the socket of <see cref="DBusAddress"/> ourselves and hands the library the stream:
/// the address is parsed by our own parser (escapes, abstract names), and the connect honours
/// cancellation, and the SASL exchange is paced (<see cref="SaslPacedStream"/>). The library then authenticates (SASL EXTERNAL with this uid) and says Hello;
/// a peer that is no bus, like systemd's private socket, answers Hello with an error, which the
/// library takes as a direct connection (no unique name, no AddMatch).
/// </summary>
internal sealed class SocketConnectionOptions(DBusAddress address) : DBusConnectionOptions
{
    protected override async ValueTask<SetupResult> SetupAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(address.EndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new SetupResult
        {
            ConnectionStream = new SaslPacedStream(socket),
            UserId = EffectiveUser.Id.ToString(CultureInfo.InvariantCulture),
        };
    }
}
