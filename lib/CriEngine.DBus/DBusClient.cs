using System.Net.Sockets;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus;

/// <summary>
/// A D-Bus client connection that comes back after the bus goes away: it connects on first use
/// to the first of its endpoints that accepts (connect, SASL EXTERNAL, Hello on a bus), and when
/// that connection is lost, calls pending on it fail with <see cref="DBusErrorNames.Disconnected"/>
/// and the next call connects again. Calls may be made concurrently, any number of them; at most
/// 128 wait for their replies at once (dbus-daemon's per-connection limit), the others queue for
/// a slot. The protocol itself is Tmds.DBus.Protocol's.
/// </summary>
public sealed class DBusClient : IAsyncDisposable
{
    /// <summary>libdbus's default: long enough for systemd under load, short enough to notice a hung peer.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(25);

    private readonly IReadOnlyList<DBusEndpoint> _endpoints;
    private readonly TimeSpan _callTimeout;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private DBusSession? _session;
    private bool _disposed;

    /// <param name="endpoints">Tried in order on every (re)connect.</param>
    /// <param name="callTimeout">How long a call waits for its reply; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    public DBusClient(IReadOnlyList<DBusEndpoint> endpoints, TimeSpan? callTimeout = null)
    {
        if (endpoints.Count == 0)
            throw new ArgumentException("a D-Bus connection needs at least one endpoint", nameof(endpoints));
        _endpoints = endpoints;
        _callTimeout = callTimeout ?? DefaultCallTimeout;
    }

    /// <summary>The system bus, with systemd's private socket as the fallback for root (<see cref="DBusEndpoint.SystemBus"/>).</summary>
    public static DBusClient ForSystemBus() => new(DBusEndpoint.SystemBus());

    /// <summary>The current connection's unique name on its bus; null when not connected or connected directly.</summary>
    public string? UniqueName => LiveSession?.UniqueName;

    /// <summary>Where the current connection goes; null when not connected.</summary>
    public DBusEndpoint? ConnectedEndpoint => LiveSession?.Endpoint;

    private DBusSession? LiveSession => Volatile.Read(ref _session) is { IsOpen: true } session ? session : null;

    /// <summary>Connects now rather than on the first call (a no-op when connected).</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken) =>
        await GetSessionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Calls a method and reads its reply with <paramref name="reader"/> (on the library's read
    /// loop: read what is needed, quickly). An error reply throws a <see cref="DBusException"/>
    /// carrying the peer's error name and message.
    /// </summary>
    public async Task<T> CallAsync<T>(DBusMethodCall call, MessageValueReader<T> reader, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
        return await session.CallAsync(call, reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a method whose reply carries nothing wanted.</summary>
    public Task CallAsync(DBusMethodCall call, CancellationToken cancellationToken) =>
        CallAsync(call, static (_, _) => true, cancellationToken);

    /// <summary>
    /// Signals matching <paramref name="rule"/> from now on, on the current connection, each read
    /// with <paramref name="reader"/> (see <see cref="DBusSignalSubscription{T}"/>). A rule's
    /// sender filters locally only when it is a unique name: signals carry no well-known names.
    /// </summary>
    public async Task<DBusSignalSubscription<T>> SubscribeAsync<T>(MatchRule rule, MessageValueReader<T> reader, CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
        return await session.SubscribeAsync(rule, reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A property's value, through org.freedesktop.DBus.Properties.Get.</summary>
    public Task<VariantValue> GetPropertyAsync(string destination, string path, string @interface, string property, CancellationToken cancellationToken) =>
        CallAsync(new DBusMethodCall(destination, path, "org.freedesktop.DBus.Properties", "Get").WithStrings(@interface, property),
            static (message, _) => message.GetBodyReader().ReadVariantValue(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            _session?.Dispose();
            _session = null;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<DBusSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        if (LiveSession is { } live)
            return live;
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (LiveSession is { } connected)
                return connected;
            _session?.Dispose();
            _session = null;
            var session = await OpenFirstAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _session, session);
            return session;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<DBusSession> OpenFirstAsync(CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var endpoint in _endpoints)
        {
            try
            {
                return await DBusSession.OpenAsync(endpoint, _callTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or DBusExceptionBase)
            {
                failures.Add($"{endpoint}: {Describe(e)}");
            }
        }
        throw new DBusException(DBusErrorNames.NoServer, "no D-Bus endpoint could be connected: " + string.Join("; ", failures));
    }

    /// <summary>The library wraps the cause (a refused socket, a peer hanging up during SASL); both are worth reading.</summary>
    private static string Describe(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} ({inner.Message})" : e.Message;
}
