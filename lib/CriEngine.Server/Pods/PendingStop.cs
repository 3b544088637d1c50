namespace CriEngine.Server.Pods;

/// <summary>
/// One stop of a container under way, shared by every StopContainer call for it: the kubelet
/// may call again with a shorter grace period (a pod deleted with --grace-period=0 while a
/// graceful stop runs), and the shortest one wins.
/// </summary>
internal sealed class PendingStop(DateTime killAt)
{
    private long _killAtTicks = killAt.Ticks;

    /// <summary>When the container gets SIGKILL if the stop signal has not ended it.</summary>
    public DateTime KillAt => new(Interlocked.Read(ref _killAtTicks), DateTimeKind.Utc);

    /// <summary>Brings the kill forward to <paramref name="deadline"/> if that is sooner; returns this stop.</summary>
    public PendingStop KillNoLaterThan(DateTime deadline)
    {
        var wanted = deadline.Ticks;
        var current = Interlocked.Read(ref _killAtTicks);
        while (wanted < current)
        {
            var seen = Interlocked.CompareExchange(ref _killAtTicks, wanted, current);
            if (seen == current)
                break;
            current = seen;
        }
        return this;
    }
}
