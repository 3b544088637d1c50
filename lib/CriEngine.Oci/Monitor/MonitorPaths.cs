namespace CriEngine.Oci.Monitor;

/// <summary>
/// Where a conmon-compatible monitor keeps a container's files, as conmon lays them out: the pid
/// files, the ctl and winsz FIFOs and the attach socket in the bundle directory (conmon's
/// <c>-b</c>, and its working directory), the attach socket also reachable as
/// <c>SOCKETDIR/ID/attach</c> through the symlink conmon makes, the exit file in the exit
/// directory, and <c>exit</c> and <c>oom</c> in the persist directory.
/// </summary>
public static class MonitorPaths
{
    /// <summary>The monitor's PID (<c>-P</c>, conmon's <c>--conmon-pidfile</c>).</summary>
    public static string MonitorPidFile(string bundleDirectory) => Path.Combine(bundleDirectory, "conmon-pidfile");

    /// <summary>The container's init PID as the runtime wrote it (<c>-p</c>, <c>--container-pidfile</c>).</summary>
    public static string ContainerPidFile(string bundleDirectory) => Path.Combine(bundleDirectory, "pidfile");

    /// <summary>The FIFO the monitor reads "TYPE HEIGHT WIDTH\n" control messages from: 1 resizes the terminal, 2 reopens the log.</summary>
    public static string ControlFifo(string bundleDirectory) => Path.Combine(bundleDirectory, "ctl");

    /// <summary>The FIFO the monitor passes terminal sizes through.</summary>
    public static string WindowSizeFifo(string bundleDirectory) => Path.Combine(bundleDirectory, "winsz");

    /// <summary>The SOCK_SEQPACKET socket attach connects to, by the short path under the socket directory.</summary>
    public static string AttachSocket(string socketDirectory, string containerId) => Path.Combine(socketDirectory, containerId, "attach");

    /// <summary>The container's exit code, as decimal text, written when it exits.</summary>
    public static string ExitFile(string exitDirectory, string containerId) => Path.Combine(exitDirectory, containerId);

    /// <summary>Present when the container's memory cgroup saw an OOM kill.</summary>
    public static string OomMarker(string persistDirectory) => Path.Combine(persistDirectory, "oom");
}
