namespace CriEngine.Grpc.Http2;

/// <summary>
/// A flow-control window for what we send (RFC 9113 6.9): senders reserve octets before a
/// DATA frame and wait while it is empty; the peer's WINDOW_UPDATE and SETTINGS grow it.
/// It may go negative when the peer lowers SETTINGS_INITIAL_WINDOW_SIZE.
/// </summary>
internal sealed class SendWindow(long initial)
{
    private readonly Lock _lock = new();
    private long _size = initial;
    private TaskCompletionSource? _opened;
    private bool _aborted;

    public long Size
    {
        get
        {
            lock (_lock)
                return _size;
        }
    }

    /// <summary>Takes up to <paramref name="wanted"/> octets, waiting while the window is empty.</summary>
    public async ValueTask<int> ReserveAsync(int wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task opened;
            lock (_lock)
            {
                if (_aborted)
                    throw new OperationCanceledException("the stream or connection was closed");
                if (_size > 0)
                {
                    var taken = (int)Math.Min(wanted, _size);
                    _size -= taken;
                    return taken;
                }
                _opened ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                opened = _opened.Task;
            }
            await opened.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes exactly <paramref name="octets"/> if the window holds that many, without waiting.</summary>
    public bool TryTake(long octets)
    {
        lock (_lock)
        {
            if (_aborted || _size < octets)
                return false;
            _size -= octets;
            return true;
        }
    }

    /// <summary>Gives back octets reserved but not sent.</summary>
    public void Return(int octets) => TryGrow(octets);

    /// <summary>Grows (or, with a negative delta, shrinks) the window; false when it would pass 2^31-1.</summary>
    public bool TryGrow(long delta)
    {
        TaskCompletionSource? opened = null;
        lock (_lock)
        {
            if (_size + delta > Http2Limits.MaxWindowSize)
                return false;
            _size += delta;
            if (_size > 0)
                (opened, _opened) = (_opened, null);
        }
        opened?.SetResult();
        return true;
    }

    /// <summary>Wakes every waiter with a cancellation: nothing more will be sent.</summary>
    public void Abort()
    {
        TaskCompletionSource? opened;
        lock (_lock)
        {
            _aborted = true;
            (opened, _opened) = (_opened, null);
        }
        opened?.SetResult();
    }
}
