using System.Threading.Channels;
using CriEngine.DBus.Transport;

namespace CriEngine.DBus;

/// <summary>
/// Signals matching a rule, in arrival order, from the moment the subscription was made (its
/// AddMatch answered) until it is disposed or its connection is lost; then
/// <see cref="ReadAsync"/> returns what had arrived and after that throws
/// <see cref="DBusErrorNames.Disconnected"/>. It stays bound to the connection it was made on: a
/// reconnect does not carry it over, since signals sent in between are gone.
/// </summary>
public sealed class DBusSignalSubscription : IAsyncDisposable
{
    private readonly DBusSession _session;
    private readonly Channel<DBusMessage> _signals = Channel.CreateUnbounded<DBusMessage>(new UnboundedChannelOptions { SingleReader = true });
    private string? _endReason;

    internal DBusSignalSubscription(DBusSession session, DBusMatchRule rule)
    {
        _session = session;
        Rule = rule;
    }

    public DBusMatchRule Rule { get; }

    /// <summary>The next matching signal.</summary>
    public async ValueTask<DBusMessage> ReadAsync(CancellationToken cancellationToken)
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
    public Task<DBusMessage> CallAsync(DBusMethodCall call, CancellationToken cancellationToken) =>
        _session.CallAsync(call, cancellationToken);

    public ValueTask DisposeAsync()
    {
        End("the subscription was disposed");
        return _session.UnsubscribeAsync(this);
    }

    internal void Offer(DBusMessage signal)
    {
        if (Rule.Matches(signal))
            _signals.Writer.TryWrite(signal);
    }

    internal void End(string reason)
    {
        Interlocked.CompareExchange(ref _endReason, reason, null);
        _signals.Writer.TryComplete();
    }
}
