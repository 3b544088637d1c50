using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// Pod or container creations under way, by name, as CRI-O's resource store keeps them. A
/// creation runs to its end whatever its caller does. The same request arriving while it runs
/// (the kubelet retries after its deadline) waits for that same creation; a different request
/// for the name is refused. A creation that finishes after every caller gave up stays unlisted
/// until the identical request comes again and is handed it; a changed request for the name,
/// or no request within <see cref="UnclaimedLifetime"/>, removes it.
/// </summary>
/// <param name="stalledAt">Told the stage a creation is at when a request finds it still running from an earlier call.</param>
internal sealed partial class CreationsInFlight(string kind, Action<string> hide, Action<string> reveal, Func<string, Task> remove, ILogger logger, Action<string>? stalledAt = null)
{
    /// <summary>CRI-O cleans an unclaimed resource up between one and two minutes after it was made.</summary>
    public static readonly TimeSpan UnclaimedLifetime = TimeSpan.FromMinutes(1);

    /// <summary>The stage a finished creation nobody collected is reported at.</summary>
    public const string AwaitingRetryStage = "created, awaiting the retry";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Creation> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Unclaimed> _unclaimed = new(StringComparer.Ordinal);

    public TimeSpan Lifetime { get; init; } = UnclaimedLifetime;

    public async Task<string> RunAsync(string name, string config, Func<CreationProgress, Task<string>> create, CancellationToken cancellationToken)
    {
        Creation creation;
        while (true)
        {
            Unclaimed? changed = null;
            lock (_gate)
            {
                if (_unclaimed.Remove(name, out var done))
                {
                    if (done.Config == config)
                    {
                        reveal(done.Id);
                        LogClaimed(kind, name, done.Id);
                        return done.Id;
                    }
                    changed = done;
                }
                else if (_running.TryGetValue(name, out var running))
                {
                    if (running.Config != config)
                        throw new RpcException(StatusCode.AlreadyExists, $"{kind} name {name} is being created by another request");
                    running.Waiters++;
                    creation = running;
                    stalledAt?.Invoke(running.Progress.Stage);
                    break;
                }
                else
                {
                    creation = new Creation(config, new CreationProgress(hide)) { Waiters = 1 };
                    _running[name] = creation;
                    var started = creation;
                    creation.Task = Task.Run(() => create(started.Progress));
                    _ = creation.Task.ContinueWith(_ => Settle(name, started), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    break;
                }
            }
            LogReplaced(kind, name, changed.Id);
            await remove(changed.Id).ConfigureAwait(false);
        }

        try
        {
            var id = await creation.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
                creation.Delivered = true;
            reveal(id);
            return id;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                creation.Waiters--;
                KeepIfUnclaimed(name, creation);
            }
            throw;
        }
    }

    /// <summary>Creations whose callers all gave up, by the stage each is at (a finished one at <see cref="AwaitingRetryStage"/>).</summary>
    public IReadOnlyDictionary<string, int> StalledByStage()
    {
        var stalled = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var creation in _running.Values.Where(c => c.Waiters == 0))
                stalled[creation.Progress.Stage] = stalled.GetValueOrDefault(creation.Progress.Stage) + 1;
            if (_unclaimed.Count > 0)
                stalled[AwaitingRetryStage] = _unclaimed.Count;
        }
        return stalled;
    }

    private void Settle(string name, Creation creation)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(name, out var current) && current == creation)
                _running.Remove(name);
            creation.Settled = true;
            KeepIfUnclaimed(name, creation);
        }
        // A failed creation has no record left to hide.
        if (!creation.Task.IsCompletedSuccessfully && creation.Progress.Id is { } id)
            reveal(id);
    }

    /// <summary>Under the gate: a finished creation nobody waits for and nobody received is kept for the retry.</summary>
    private void KeepIfUnclaimed(string name, Creation creation)
    {
        if (!creation.Settled || creation.Waiters > 0 || creation.Delivered || creation.Kept || !creation.Task.IsCompletedSuccessfully)
            return;
        creation.Kept = true;
        var unclaimed = new Unclaimed(creation.Config, creation.Task.Result);
        _unclaimed[name] = unclaimed;
        LogKept(kind, name, unclaimed.Id, Lifetime);
        _ = RemoveIfStillUnclaimedAsync(name, unclaimed);
    }

    private async Task RemoveIfStillUnclaimedAsync(string name, Unclaimed unclaimed)
    {
        await Task.Delay(Lifetime).ConfigureAwait(false);
        lock (_gate)
        {
            if (!_unclaimed.TryGetValue(name, out var current) || current != unclaimed)
                return;
            _unclaimed.Remove(name);
        }
        LogExpired(kind, name, unclaimed.Id, Lifetime);
        try
        {
            await remove(unclaimed.Id).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogRemoveFailed(kind, unclaimed.Id, e.Message);
        }
    }

    private sealed class Creation(string config, CreationProgress progress)
    {
        public string Config { get; } = config;

        public CreationProgress Progress { get; } = progress;

        public Task<string> Task { get; set; } = null!;

        public int Waiters { get; set; }

        public bool Delivered { get; set; }

        public bool Settled { get; set; }

        public bool Kept { get; set; }
    }

    private sealed record Unclaimed(string Config, string Id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Name}: created as {Id} after its caller's deadline; kept unlisted for {Lifetime} for the same request to collect")]
    private partial void LogKept(string kind, string name, string id, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Name}: the repeated request is handed {Id}, created after the first one's deadline")]
    private partial void LogClaimed(string kind, string name, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Name}: {Id}, created after its caller's deadline, is removed: the name was asked for again with another config")]
    private partial void LogReplaced(string kind, string name, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} {Name}: {Id}, created after its caller's deadline, is removed: not asked for again within {Lifetime}")]
    private partial void LogExpired(string kind, string name, string id, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} {Id}: removing the unclaimed creation failed: {Reason}")]
    private partial void LogRemoveFailed(string kind, string id, string reason);
}
