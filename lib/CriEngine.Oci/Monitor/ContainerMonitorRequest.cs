namespace CriEngine.Oci.Monitor;

/// <summary>
/// A container to create through a new monitor, with everything CRI-O hands conmon: its bundle
/// (the OCI config the runtime creates it from), the directory the monitor keeps its state in,
/// the CRI log file, and the directories shared by all containers for exit files and attach sockets.
/// </summary>
public sealed record ContainerMonitorRequest(
    string ContainerId,
    string ContainerName,
    string BundleDirectory,
    string PersistDirectory,
    string LogPath,
    string ExitDirectory,
    string SocketDirectory)
{
    /// <summary>The log file's size limit in bytes (crio.conf <c>log_size_max</c>); negative for none.</summary>
    public long LogSizeMax { get; init; } = -1;

    /// <summary>The container has a terminal (CRI <c>tty</c>).</summary>
    public bool Terminal { get; init; }

    /// <summary>The container reads stdin from attach (CRI <c>stdin</c>).</summary>
    public bool Stdin { get; init; }

    /// <summary>Stdin closes after the first attach ends (CRI <c>stdin_once</c>).</summary>
    public bool StdinOnce { get; init; }

    /// <summary>The runtime must not use pivot_root (crio.conf <c>no_pivot</c>).</summary>
    public bool NoPivot { get; init; }

    /// <summary>The monitor's own log level, in crio.conf's words (<c>info</c>, <c>debug</c> …).</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary>
    /// Called with the monitor's PID while it waits on its start pipe, before it forks anything,
    /// as CRI-O moves conmon to its cgroup there: everything the monitor starts then lands in it.
    /// </summary>
    public Func<int, CancellationToken, Task>? PlaceMonitor { get; init; }
}
