using System.Collections.Concurrent;
using System.Net.Sockets;
using CriEngine.DBus.Native;

namespace CriEngine.DBus.Transport;

/// <summary>
/// One authenticated socket, from connect to loss: serials, replies matched to their calls with
/// any number in flight, signals handed to subscriptions, all read by one loop. When the socket
/// fails or the peer closes it, every pending call and subscription ends with
/// <see cref="DBusErrorNames.Disconnected"/> naming the endpoint and the cause; the session is
/// then dead for good (<see cref="DBusConnection"/> opens a new one).
/// </summary>
internal sealed class DBusSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DBusSocketReader _reader;
    private readonly TimeSpan _callTimeout;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim? _inFlight;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<DBusMessage>> _pending = new();
    private readonly Lock _subscriptionsLock = new();
    private readonly List<DBusSignalSubscription> _subscriptions = [];
    private Task _readLoop = Task.CompletedTask;
    private int _lastSerial;
    private volatile string? _lostReason;

    private DBusSession(DBusEndpoint endpoint, Socket socket, TimeSpan callTimeout)
    {
        Endpoint = endpoint;
        _socket = socket;
        _reader = new DBusSocketReader(socket);
        _callTimeout = callTimeout;
        if (endpoint.IsMessageBus)
            _inFlight = new SemaphoreSlim(MaxRepliesPendingOnBus, MaxRepliesPendingOnBus);
    }

    /// <summary>
    /// dbus-daemon's default <c>max_replies_per_connection</c> on the system bus: a call beyond it
    /// is refused with LimitsExceeded, so calls past this many wait here for a free slot instead.
    /// </summary>
    public const int MaxRepliesPendingOnBus = 128;

    public DBusEndpoint Endpoint { get; }

    /// <summary>The name the bus gave this connection; null on a direct connection.</summary>
    public string? UniqueName { get; private set; }

    public bool IsOpen => _lostReason is null;

    /// <summary>Connects, authenticates, starts reading and, on a message bus, says Hello.</summary>
    public static async Task<DBusSession> OpenAsync(DBusEndpoint endpoint, TimeSpan callTimeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var session = new DBusSession(endpoint, socket, callTimeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(callTimeout);
        try
        {
            await socket.ConnectAsync(endpoint.Address.EndPoint, deadline.Token).ConfigureAwait(false);
            await SaslExternal.AuthenticateAsync(socket, session._reader, EffectiveUser.Id, deadline.Token).ConfigureAwait(false);
            session._readLoop = Task.Run(session.ReadLoopAsync, CancellationToken.None);
            if (endpoint.IsMessageBus)
            {
                var welcome = await session.CallAsync(MessageBusDriver.Hello(), cancellationToken).ConfigureAwait(false);
                session.UniqueName = (string)welcome.ArgumentsOf("s")[0];
            }
            return session;
        }
        catch (Exception e)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                throw new IOException($"no answer while connecting within {callTimeout.TotalSeconds:0.###} s");
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="call"/> and waits for its reply. An error reply throws its
    /// <see cref="DBusException"/>; no reply within the call timeout throws
    /// <see cref="DBusErrorNames.NoReply"/>; a lost connection throws <see cref="DBusErrorNames.Disconnected"/>.
    /// </summary>
    public async Task<DBusMessage> CallAsync(DBusMethodCall call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_callTimeout);
        var serial = 0u;
        var slotTaken = false;
        try
        {
            if (_inFlight is not null)
            {
                await _inFlight.WaitAsync(deadline.Token).ConfigureAwait(false);
                slotTaken = true;
            }
            serial = NextSerial();
            var bytes = DBusMessageCodec.Encode(call.ToMessage(serial));
            var reply = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[serial] = reply;
            // Registered before this check, so a loss either is seen here or fails the registration.
            ThrowIfLost();
            await SendAsync(bytes, deadline.Token).ConfigureAwait(false);
            var response = await reply.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            return response.Type == DBusMessageType.Error ? throw DBusException.FromErrorReply(response) : response;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DBusException(DBusErrorNames.NoReply, $"no reply to {call} within {_callTimeout.TotalSeconds:0.###} s");
        }
        finally
        {
            if (serial != 0)
                _pending.TryRemove(serial, out _);
            if (slotTaken)
                _inFlight!.Release();
        }
    }

    /// <summary>Starts delivering signals matching <paramref name="rule"/>; on a message bus, once the bus has accepted the AddMatch.</summary>
    public async Task<DBusSignalSubscription> SubscribeAsync(DBusMatchRule rule, CancellationToken cancellationToken)
    {
        var subscription = new DBusSignalSubscription(this, rule);
        lock (_subscriptionsLock)
            _subscriptions.Add(subscription);
        try
        {
            ThrowIfLost();
            if (Endpoint.IsMessageBus)
                await CallAsync(MessageBusDriver.AddMatch(rule), cancellationToken).ConfigureAwait(false);
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal async ValueTask UnsubscribeAsync(DBusSignalSubscription subscription)
    {
        lock (_subscriptionsLock)
        {
            if (!_subscriptions.Remove(subscription))
                return;
        }
        if (!Endpoint.IsMessageBus || !IsOpen)
            return;
        try
        {
            // Without waiting for a reply: disposal must not hang on a stuck bus.
            var removal = MessageBusDriver.RemoveMatch(subscription.Rule).ToMessage(NextSerial(), DBusMessageFlags.NoReplyExpected);
            await SendAsync(DBusMessageCodec.Encode(removal), CancellationToken.None).ConfigureAwait(false);
        }
        catch (DBusException)
        {
            // Lost meanwhile: the bus dropped the rule with the connection.
        }
    }

    public async ValueTask DisposeAsync()
    {
        MarkLost("the connection was closed");
        await _readLoop.ConfigureAwait(false);
    }

    private uint NextSerial()
    {
        // Serial 0 is invalid; after 2^32 calls the counter wraps past it.
        var serial = (uint)Interlocked.Increment(ref _lastSerial);
        return serial != 0 ? serial : (uint)Interlocked.Increment(ref _lastSerial);
    }

    private async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfLost();
            // Not cancellable once begun: half a message would corrupt the stream for every other call.
            await _socket.SendAllAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            MarkLost($"sending failed: {e.Message}");
            ThrowIfLost();
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        string reason;
        try
        {
            while (await _reader.ReadMessageAsync(CancellationToken.None).ConfigureAwait(false) is { } message)
                await DispatchAsync(message).ConfigureAwait(false);
            reason = "the peer closed the connection";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or DBusException)
        {
            reason = _lostReason ?? e.Message;
        }
        MarkLost(reason);
    }

    private async Task DispatchAsync(DBusMessage message)
    {
        switch (message.Type)
        {
            case DBusMessageType.MethodReturn or DBusMessageType.Error:
                if (_pending.TryGetValue(message.ReplySerial!.Value, out var reply))
                    reply.TrySetResult(message);
                break;
            case DBusMessageType.Signal:
                DBusSignalSubscription[] subscriptions;
                lock (_subscriptionsLock)
                    subscriptions = [.. _subscriptions];
                foreach (var subscription in subscriptions)
                    subscription.Offer(message);
                break;
            case DBusMessageType.MethodCall when !message.Flags.HasFlag(DBusMessageFlags.NoReplyExpected):
                await RefuseAsync(message).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>This client serves no objects: a peer's method call gets UnknownMethod instead of waiting out its timeout.</summary>
    private async Task RefuseAsync(DBusMessage call)
    {
        var writer = new DBusWriter();
        writer.WriteString($"no objects are served here, so no {call.Interface}.{call.Member} on {call.Path}");
        var refusal = new DBusMessage
        {
            Type = DBusMessageType.Error,
            Flags = DBusMessageFlags.NoReplyExpected,
            Serial = NextSerial(),
            ReplySerial = call.Serial,
            Destination = call.Sender,
            ErrorName = DBusErrorNames.UnknownMethod,
            Signature = new DBusSignature("s"),
            Body = writer.ToArray(),
        };
        try
        {
            await SendAsync(DBusMessageCodec.Encode(refusal), CancellationToken.None).ConfigureAwait(false);
        }
        catch (DBusException)
        {
            // Lost meanwhile; the read loop ends next.
        }
    }

    /// <summary>Marks the session dead (once), closes the socket and ends every pending call and subscription.</summary>
    private void MarkLost(string reason)
    {
#pragma warning disable CS0420 // Interlocked gives the volatile field its own barrier.
        if (Interlocked.CompareExchange(ref _lostReason, reason, null) is not null)
            return;
#pragma warning restore CS0420
        _socket.Dispose();
        foreach (var pending in _pending.Values)
            pending.TrySetException(LostException());
        DBusSignalSubscription[] subscriptions;
        lock (_subscriptionsLock)
            subscriptions = [.. _subscriptions];
        foreach (var subscription in subscriptions)
            subscription.End(LostException().ErrorMessage);
    }

    private void ThrowIfLost()
    {
        if (!IsOpen)
            throw LostException();
    }

    private DBusException LostException() => new(DBusErrorNames.Disconnected, $"D-Bus connection to {Endpoint} lost: {_lostReason}");
}
