using System.Threading.Channels;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus;

/// <summary>
/// Signals matching a rule, each read into a <typeparamref name="T"/>, in arrival order, from the
/// moment the subscription was made (its AddMatch answered) until it is disposed or its
/// connection is lost; then <see cref="ReadAsync"/> returns what had arrived and after that
/// throws <see cref="DBusErrorNames.Disconnected"/>. It stays bound to the connection it was made
/// on: a reconnect does not carry it over, since signals sent in between are gone.
/// </summary>
public sealed class DBusSignalSubscription<T> : IDisposable
{
    private readonly DBusSession _session;
    private readonly Channel<T> _signals = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _observer;
    private string? _endReason;

    internal DBusSignalSubscription(DBusSession session) => _session = session;

    /// <summary>The next matching signal.</summary>
    public async ValueTask<T> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _signals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new DBusException(DBusErrorNames.Disconnected, _endReason ?? "the subscription was disposed");
        }
    }

    /// <summary>
    /// A call over the connection this subscription listens on, so that a reply and the signals
    /// it causes cannot end up on two different connections across a reconnect.
    /// </summary>
    public Task<TReply> CallAsync<TReply>(DBusMethodCall call, MessageValueReader<TReply> reader, CancellationToken cancellationToken) =>
        _session.CallAsync(call, reader, cancellationToken);

    public void Dispose()
    {
        End("the subscription was disposed");
        _session.Forget(this);
        // Disposing sends RemoveMatch from an await of the library's own.
        DBusSession.Detached(_observer, static observer => { observer?.Dispose(); return true; });
    }

    internal void Observe(IDisposable observer) => _observer = observer;

    /// <summary>Called by the library's read loop: must not block.</summary>
    internal void OnNotification(Notification<T> notification)
    {
        if (notification.HasValue)
            _signals.Writer.TryWrite(notification.Value);
        else if (notification.IsCompletion)
            End(_session.Translate(notification.CompletionReason)?.ErrorMessage ?? notification.CompletionReason.Message);
    }

    internal void End(string reason)
    {
        Interlocked.CompareExchange(ref _endReason, reason, null);
        _signals.Writer.TryComplete();
    }
}
