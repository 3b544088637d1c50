namespace CriEngine.Network.Cni;

/// <summary>
/// The CNI network of <c>network_dir</c>, kept current by watching the directory, as CRI-O's
/// ocicni does: a config file added, changed or removed changes what <see cref="Current"/> gives
/// without a restart. The directory is made when missing, so that it can be watched; where it
/// cannot be, every call scans it afresh.
/// </summary>
public sealed class CniNetworkWatcher : IDisposable
{
    private readonly Lock _lock = new();
    private string? _directory;
    private string? _defaultNetwork;
    private FileSystemWatcher? _watcher;
    private CniNetworkStatus? _status;

    /// <summary>The network pods get now from <paramref name="networkDir"/> (the live config's, which a reload may change).</summary>
    public CniNetworkStatus Current(string networkDir, string defaultNetwork)
    {
        lock (_lock)
        {
            if (networkDir != _directory || defaultNetwork != _defaultNetwork)
                Watch(networkDir, defaultNetwork);
            if (_status is { } known)
                return known;
            var status = CniConfigDirectory.Scan(networkDir, defaultNetwork);
            if (_watcher is not null)
                _status = status;
            return status;
        }
    }

    public void Dispose()
    {
        lock (_lock)
            _watcher?.Dispose();
    }

    private void Watch(string networkDir, string defaultNetwork)
    {
        _watcher?.Dispose();
        _watcher = null;
        _status = null;
        _directory = networkDir;
        _defaultNetwork = defaultNetwork;
        try
        {
            Directory.CreateDirectory(networkDir);
            var watcher = new FileSystemWatcher(networkDir) { IncludeSubdirectories = false };
            watcher.Changed += (_, _) => Forget();
            watcher.Created += (_, _) => Forget();
            watcher.Deleted += (_, _) => Forget();
            watcher.Renamed += (_, _) => Forget();
            // Events lost to an overflow would leave a stale answer: scan afresh instead.
            watcher.Error += (_, _) => Forget();
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Unwatchable: Current scans on every call.
        }
    }

    private void Forget()
    {
        lock (_lock)
            _status = null;
    }
}
