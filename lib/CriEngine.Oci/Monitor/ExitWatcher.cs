using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Reports container exits from the monitors' exit directory, where conmon writes, when a
/// container ends, a file named after it holding its exit code; the file's modification time is
/// the exit time (as CRI-O reads it). Started, it reports every exit already recorded (those that
/// happened while the daemon was down), then each new one as it appears, each container once.
/// The OOM marker is looked up in the container's persist directory, which
/// <c>persistDirectoryOf</c> names (null: unknown container, no marker).
/// </summary>
public sealed partial class ExitWatcher(string exitDirectory, Func<string, string?> persistDirectoryOf, ILogger logger) : IDisposable
{
    private const int KilledExitCode = 128 + 9;
    private static readonly TimeSpan OomGrace = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan OomPoll = TimeSpan.FromMilliseconds(25);

    private readonly Channel<ContainerExit> _exits = Channel.CreateUnbounded<ContainerExit>();
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;

    /// <summary>Every exit, in the order they were seen; completes when the watcher is disposed.</summary>
    public ChannelReader<ContainerExit> Exits => _exits.Reader;

    /// <summary>Watches the directory (creating it if needed), then reports what it already holds.</summary>
    public void Start()
    {
        if (_watcher is not null)
            throw new InvalidOperationException($"exit watcher on {exitDirectory} already started");
        Directory.CreateDirectory(exitDirectory);
        _watcher = new FileSystemWatcher(exitDirectory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Created += (_, e) => Consider(e.Name);
        _watcher.Changed += (_, e) => Consider(e.Name);
        _watcher.Renamed += (_, e) => Consider(e.Name);
        _watcher.Deleted += (_, e) => _reported.TryRemove(e.Name ?? "", out byte _);
        _watcher.Error += (_, e) =>
        {
            LogWatchLost(logger, exitDirectory, e.GetException().Message);
            Scan();
        };
        // Watching first, then scanning: an exit written in between is seen twice and reported once.
        _watcher.EnableRaisingEvents = true;
        Scan();
    }

    /// <summary>The recorded exit of <paramref name="containerId"/>, or null while it has none.</summary>
    public ContainerExit? TryRead(string containerId)
    {
        var path = MonitorPaths.ExitFile(exitDirectory, containerId);
        string text;
        DateTime modified;
        try
        {
            text = File.ReadAllText(path);
            modified = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        // An empty or partial file is one being written: its writer's next event brings the rest.
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitCode))
            return null;
        var persistDirectory = persistDirectoryOf(containerId);
        var oomKilled = persistDirectory is not null && File.Exists(MonitorPaths.OomMarker(persistDirectory));
        return new ContainerExit(containerId, exitCode, new DateTimeOffset(modified, TimeSpan.Zero), oomKilled);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _exits.Writer.TryComplete();
    }

    private void Scan()
    {
        foreach (var path in Directory.EnumerateFiles(exitDirectory))
            Consider(Path.GetFileName(path));
    }

    private void Consider(string? name)
    {
        // conmon writes NAME.XXXXXX and renames it to the container's ID.
        if (string.IsNullOrEmpty(name) || name.Contains('.', StringComparison.Ordinal) || _reported.ContainsKey(name))
            return;
        if (TryRead(name) is not { } exit || !_reported.TryAdd(name, 0))
            return;
        if (exit is { ExitCode: KilledExitCode, OomKilled: false } && persistDirectoryOf(name) is not null)
            _ = ReportAfterOomGraceAsync(exit);
        else
            _exits.Writer.TryWrite(exit);
    }

    /// <summary>
    /// A container killed by SIGKILL may be the OOM killer's: the monitor learns of that through
    /// its own event, which may come a moment after it saw the exit. Such an exit is reported once
    /// the OOM marker is there or a short grace has passed.
    /// </summary>
    private async Task ReportAfterOomGraceAsync(ContainerExit exit)
    {
        var marker = MonitorPaths.OomMarker(persistDirectoryOf(exit.ContainerId)!);
        for (var waited = TimeSpan.Zero; waited < OomGrace && !File.Exists(marker); waited += OomPoll)
            await Task.Delay(OomPoll).ConfigureAwait(false);
        _exits.Writer.TryWrite(exit with { OomKilled = File.Exists(marker) });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "exit directory {Directory}: watch lost events ({Cause}), rescanning")]
    private static partial void LogWatchLost(ILogger logger, string directory, string cause);
}
