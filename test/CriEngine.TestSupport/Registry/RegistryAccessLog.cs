using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// The requests a <see cref="TestRegistry"/> served, parsed from its access log (Apache
/// combined format on its stdout). The registry logs a request as it finishes it, and the
/// line reaches this log a moment later: call <see cref="SettleAsync"/> before reading, so
/// that every request answered so far is in. The fixture's own readiness probes are left out.
/// Positions count from the first request after start:
/// <c>var mark = await log.MarkAsync(); …; await log.SettleAsync(); log.Since(mark)</c>.
/// </summary>
public sealed partial class RegistryAccessLog
{
    internal const string SentinelPrefix = "/criengine-access-log-sentinel/";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<AccessLogEntry> _entries = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _sentinels = new();
    private readonly Func<string, Task<bool>> _sendSentinel;

    /// <param name="sendSentinel">Sends a request for a path; false when the registry is not running.</param>
    internal RegistryAccessLog(Func<string, Task<bool>> sendSentinel)
    {
        _sendSentinel = sendSentinel;
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _entries.Count;
        }
    }

    /// <summary>The position after every request answered so far, for <see cref="Since"/>.</summary>
    public async Task<int> MarkAsync()
    {
        await SettleAsync();
        return Count;
    }

    public IReadOnlyList<AccessLogEntry> Snapshot()
    {
        lock (_lock)
            return [.. _entries];
    }

    /// <summary>The entries logged after the first <paramref name="position"/> ones.</summary>
    public IReadOnlyList<AccessLogEntry> Since(int position)
    {
        lock (_lock)
            return [.. _entries.Skip(position)];
    }

    /// <summary>
    /// Returns once every request the registry has answered is in the log: it sends a marker
    /// request of its own (left out of the log) and waits for its line, which the registry
    /// writes after the lines of the requests answered before it. Nothing to wait for once the
    /// registry has stopped.
    /// </summary>
    public async Task SettleAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sentinels[id] = seen;
        try
        {
            if (!await _sendSentinel(SentinelPrefix + id))
                return;
            await seen.Task.WaitAsync(SettleTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the registry's access log did not show the marker request within {SettleTimeout}");
        }
        finally
        {
            _sentinels.TryRemove(id, out _);
        }
    }

    /// <summary>Forgets what was logged so far (the registry's own readiness probes).</summary>
    internal void Clear()
    {
        lock (_lock)
            _entries.Clear();
    }

    /// <summary>Takes one line of the registry's stdout; false if it is not an access log line.</summary>
    internal bool Record(string line)
    {
        var match = CombinedLogLine().Match(line);
        if (!match.Success)
            return false;
        var target = match.Groups["target"].Value;
        var question = target.IndexOf('?');
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        if (path.StartsWith(SentinelPrefix, StringComparison.Ordinal))
        {
            if (_sentinels.TryGetValue(path[SentinelPrefix.Length..], out var seen))
                seen.TrySetResult();
            return true;
        }
        var entry = new AccessLogEntry(match.Groups["method"].Value, path, query, int.Parse(match.Groups["status"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture));
        lock (_lock)
            _entries.Add(entry);
        return true;
    }

    // host ident user [time] "METHOD TARGET PROTOCOL" status size "referer" "user agent"
    [GeneratedRegex("""^\S+ \S+ \S+ \[[^\]]*\] "(?<method>[A-Z]+) (?<target>\S+) [^"]*" (?<status>\d{3}) """)]
    private static partial Regex CombinedLogLine();
}
