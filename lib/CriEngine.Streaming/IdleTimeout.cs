namespace CriEngine.Streaming;

/// <summary>
/// Cancels <see cref="Token"/> once no traffic was seen for the timeout; every frame or
/// message in either direction calls <see cref="Touch"/>.
/// </summary>
internal sealed class IdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly TimeSpan _timeout;

    public IdleTimeout(TimeSpan timeout)
    {
        _timeout = timeout;
        Touch();
    }

    public CancellationToken Token => _source.Token;

    public void Touch()
    {
        if (_timeout > TimeSpan.Zero && _timeout != Timeout.InfiniteTimeSpan)
            _source.CancelAfter(_timeout);
    }

    public void Dispose() => _source.Dispose();
}
