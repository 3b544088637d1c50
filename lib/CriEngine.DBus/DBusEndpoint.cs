using CriEngine.DBus.Native;

namespace CriEngine.DBus;

/// <summary>
/// Where a connection goes: a message bus (the client says Hello, gets a unique name and asks the
/// bus for signals with AddMatch) or a peer spoken to directly, like systemd's private socket
/// (no Hello, and the peer sends its signals unasked).
/// </summary>
public sealed record DBusEndpoint(DBusAddress Address, bool IsMessageBus)
{
    public const string SystemBusVariable = "DBUS_SYSTEM_BUS_ADDRESS";
    public const string DefaultSystemBusAddress = "unix:path=/run/dbus/system_bus_socket";
    public const string SystemdPrivateSocket = "/run/systemd/private";

    public static DBusEndpoint MessageBus(string address) => new(DBusAddress.Parse(address), IsMessageBus: true);

    public static DBusEndpoint Direct(string socketPath) => new(DBusAddress.UnixPath(socketPath), IsMessageBus: false);

    /// <summary>
    /// The system bus (<c>$DBUS_SYSTEM_BUS_ADDRESS</c>, else its default path), then, for root,
    /// systemd's private socket: systemctl's own fallback when the bus is down but PID 1 is not.
    /// </summary>
    public static IReadOnlyList<DBusEndpoint> SystemBus()
    {
        var configured = Environment.GetEnvironmentVariable(SystemBusVariable);
        var addresses = DBusAddress.ParseList(string.IsNullOrEmpty(configured) ? DefaultSystemBusAddress : configured);
        var endpoints = addresses.Select(address => new DBusEndpoint(address, IsMessageBus: true)).ToList();
        if (EffectiveUser.IsRoot)
            endpoints.Add(Direct(SystemdPrivateSocket));
        return endpoints;
    }

    public override string ToString() => $"{Address} ({(IsMessageBus ? "message bus" : "direct")})";
}
