using System.Collections.Concurrent;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus;

/// <summary>
/// One library connection, from connect to loss: calls with their timeout and the bus's limit on
/// pending replies, subscriptions, and the library's errors turned into <see cref="DBusException"/>s
/// naming the endpoint. Once lost it stays dead (<see cref="DBusClient"/> opens a new one).
/// </summary>
internal sealed class DBusSession : IDisposable
{
    /// <summary>
    /// dbus-daemon's default <c>max_replies_per_connection</c> on the system bus: a call beyond it
    /// is refused with LimitsExceeded, so calls past this many wait here for a free slot instead
    /// (on a direct connection too, where no daemon counts: the bound costs nothing there).
    /// </summary>
    public const int MaxRepliesPendingOnBus = 128;

    private readonly DBusConnection _connection;
    private readonly TimeSpan _callTimeout;
    private readonly SemaphoreSlim _inFlight = new(MaxRepliesPendingOnBus, MaxRepliesPendingOnBus);
    private readonly ConcurrentDictionary<object, Action<string>> _subscriptions = new();
    private Task<Exception?> _disconnected = Task.FromResult<Exception?>(null);

    private DBusSession(DBusEndpoint endpoint, TimeSpan callTimeout)
    {
        Endpoint = endpoint;
        _callTimeout = callTimeout;
        _connection = new DBusConnection(new SocketConnectionOptions(endpoint.Address));
    }

    public DBusEndpoint Endpoint { get; }

    /// <summary>The name the bus gave this connection; null on a direct connection.</summary>
    public string? UniqueName { get; private set; }

    public bool IsOpen => !_disconnected.IsCompleted;

    /// <summary>Connects, authenticates and, on a message bus, says Hello, all within the call timeout.</summary>
    public static async Task<DBusSession> OpenAsync(DBusEndpoint endpoint, TimeSpan callTimeout, CancellationToken cancellationToken)
    {
        var session = new DBusSession(endpoint, callTimeout);
        try
        {
            await Detached(session._connection, static connection => connection.ConnectAsync().AsTask()).WaitAsync(callTimeout, cancellationToken).ConfigureAwait(false);
            session.UniqueName = session._connection.UniqueName;
            session._disconnected = session._connection.DisconnectedAsync();
            // Every subscription ends here when the connection does, with the endpoint named,
            // whichever completion notifications the library's observers get.
            _ = session._disconnected.ContinueWith(static (lost, state) => ((DBusSession)state!).EndSubscriptions(lost.Result),
                session, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return session;
        }
        catch (TimeoutException)
        {
            session.Dispose();
            throw new IOException($"no answer while connecting within {callTimeout.TotalSeconds:0.###} s");
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="call"/> and reads its reply with <paramref name="reader"/>. An error
    /// reply throws its <see cref="DBusException"/>; no reply within the call timeout throws
    /// <see cref="DBusErrorNames.NoReply"/>; a lost connection throws <see cref="DBusErrorNames.Disconnected"/>.
    /// </summary>
    public async Task<T> CallAsync<T>(DBusMethodCall call, MessageValueReader<T> reader, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_callTimeout);
        var slotTaken = false;
        try
        {
            await _inFlight.WaitAsync(deadline.Token).ConfigureAwait(false);
            slotTaken = true;
            // The library's calls take no token: a call given up on here is forgotten by it when
            // its reply comes, or when the connection goes.
            return await Detached((Connection: _connection, Call: call, Reader: reader), static state => state.Connection.CallMethodAsync(state.Call.ToMessage(state.Connection), state.Reader))
                .WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DBusException(DBusErrorNames.NoReply, $"no reply to {call} within {_callTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (Translate(e) is { } translated)
        {
            throw translated;
        }
        finally
        {
            if (slotTaken)
                _inFlight.Release();
        }
    }

    /// <summary>Starts delivering signals matching <paramref name="rule"/>; on a message bus, once the bus has accepted the AddMatch.</summary>
    public async Task<DBusSignalSubscription<T>> SubscribeAsync<T>(MatchRule rule, MessageValueReader<T> reader, CancellationToken cancellationToken)
    {
        var subscription = new DBusSignalSubscription<T>(this);
        _subscriptions[subscription] = subscription.End;
        if (!IsOpen)
            subscription.End(LostReason(_disconnected.Result));
        try
        {
            var observer = await Detached((Connection: _connection, Rule: rule, Reader: reader, Subscription: subscription), static state =>
                    state.Connection.AddMatchAsync(state.Rule, state.Reader, state.Subscription.OnNotification, emitOnCapturedContext: false,
                        flags: ObserverFlags.EmitOnConnectionClosed | ObserverFlags.EmitOnConnectionFailed | ObserverFlags.EmitOnReaderFailed).AsTask())
                .WaitAsync(_callTimeout, cancellationToken).ConfigureAwait(false);
            subscription.Observe(observer);
            return subscription;
        }
        catch (TimeoutException)
        {
            subscription.Dispose();
            throw new DBusException(DBusErrorNames.NoReply, $"no reply to AddMatch {rule} within {_callTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e)
        {
            subscription.Dispose();
            if (Translate(e) is { } translated)
                throw translated;
            throw;
        }
    }

    internal void Forget(object subscription) => _subscriptions.TryRemove(subscription, out _);

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// Starts a library operation with no synchronization context current. The library completes
    /// a reply from its read loop only once the caller's continuation is registered, and some of
    /// its awaits capture the context: under a single-threaded context (a UI, a test runner's)
    /// whose thread then blocks, the read loop would wait for ever, and with it every reply.
    /// </summary>
    internal static TResult Detached<TState, TResult>(TState state, Func<TState, TResult> start)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return start(state);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private void EndSubscriptions(Exception? reason)
    {
        foreach (var end in _subscriptions.Values)
            end(LostReason(reason));
    }

    private string LostReason(Exception? reason) => $"D-Bus connection to {Endpoint} lost: {reason?.Message ?? "the connection was closed"}";

    /// <summary>The library's failures as this client names them; null for what passes unchanged (cancellation, bugs).</summary>
    internal DBusException? Translate(Exception e) => e switch
    {
        DBusErrorReplyException reply => new DBusException(reply.ErrorName, reply.ErrorMessage, reply),
        DBusConnectionException or ObjectDisposedException or IOException =>
            new DBusException(DBusErrorNames.Disconnected, $"D-Bus connection to {Endpoint} lost: {e.Message}", e),
        DBusExceptionBase => new DBusException("org.freedesktop.DBus.Error.InconsistentMessage", e.Message, e),
        _ => null,
    };
}
