using System.Threading.Channels;
using CriEngine.Api;

namespace CriEngine.Server;

/// <summary>
/// Fans container lifecycle events out to every GetContainerEvents stream (the kubelet's
/// evented PLEG). A subscriber that does not keep up loses its oldest events rather than
/// holding up the engine; the kubelet relists periodically anyway.
/// </summary>
public sealed class ContainerEventHub
{
    private const int QueuedEventsPerSubscriber = 1024;

    private readonly Lock _lock = new();
    private readonly List<Channel<ContainerEventResponse>> _subscribers = [];
    private long _dropped;

    /// <summary>Events subscribers lost because they did not keep up (CRI-O's <c>containers_events_dropped_total</c>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(ContainerEventResponse message)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                if (subscriber.Reader.Count == QueuedEventsPerSubscriber)
                    Interlocked.Increment(ref _dropped);
                subscriber.Writer.TryWrite(message);
            }
        }
    }

    public ChannelReader<ContainerEventResponse> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ContainerEventResponse>(new BoundedChannelOptions(QueuedEventsPerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
            _subscribers.Add(channel);
        cancellationToken.Register(() =>
        {
            lock (_lock)
                _subscribers.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }
}
