using CriEngine.Grpc;
using CriEngine.Oci.Native;
using Microsoft.Win32.SafeHandles;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Messages to a running container's monitor through its ctl FIFO, "TYPE HEIGHT WIDTH\n" as
/// conmon reads them: type 1 resizes the container's terminal, type 2 reopens the log file.
/// </summary>
public static class MonitorControl
{
    private const int Resize = 1;
    private const int ReopenLog = 2;

    /// <summary>Resizes the terminal of container <paramref name="containerId"/> (an attached client's window changed).</summary>
    public static async Task ResizeAsync(string containerId, string bundleDirectory, ushort columns, ushort rows, CancellationToken cancellationToken = default)
    {
        using var fifo = OpenControl(containerId, bundleDirectory);
        await SendAsync(fifo, Resize, rows, columns, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Has the monitor of container <paramref name="containerId"/> reopen its log at
    /// <paramref name="logPath"/> (CRI ReopenContainerLog, after the kubelet renamed the old file
    /// away) and waits, as CRI-O does, until the log file is there again: conmon makes a new file
    /// and renames it into place, so no line is written to neither.
    /// </summary>
    public static async Task ReopenLogAsync(string containerId, string bundleDirectory, string logPath, CancellationToken cancellationToken = default)
    {
        using var fifo = OpenControl(containerId, bundleDirectory);
        var fullLogPath = Path.GetFullPath(logPath);
        var reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(fullLogPath)!, Path.GetFileName(fullLogPath))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        void Seen(FileSystemEventArgs e)
        {
            if (e.FullPath == fullLogPath)
                reopened.TrySetResult();
        }
        watcher.Created += (_, e) => Seen(e);
        watcher.Changed += (_, e) => Seen(e);
        watcher.Renamed += (_, e) => Seen(e);
        watcher.Error += (_, e) => reopened.TrySetException(e.GetException());
        watcher.EnableRaisingEvents = true;

        await SendAsync(fifo, ReopenLog, 0, 0, cancellationToken).ConfigureAwait(false);
        await reopened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SafeFileHandle OpenControl(string containerId, string bundleDirectory)
    {
        var control = MonitorPaths.ControlFifo(bundleDirectory);
        return Fifo.OpenWriterIfRead(control)
            ?? throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: its monitor is not running (nothing reads {control})");
    }

    private static async Task SendAsync(SafeFileHandle fifo, int type, int height, int width, CancellationToken cancellationToken)
    {
        await using var writer = new FileStream(fifo, FileAccess.Write, bufferSize: 0);
        await writer.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{type} {height} {width}\n"), cancellationToken).ConfigureAwait(false);
    }
}
