using CriEngine.Grpc;
using CriEngine.Oci.Native;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Messages to a running container's monitor through its ctl FIFO, "TYPE HEIGHT WIDTH\n" as
/// conmon reads them: type 2 reopens the log file (type 1, a terminal resize, comes with attach).
/// </summary>
public static class MonitorControl
{
    private const int ReopenLog = 2;

    /// <summary>
    /// Has the monitor of container <paramref name="containerId"/> reopen its log at
    /// <paramref name="logPath"/> (CRI ReopenContainerLog, after the kubelet renamed the old file
    /// away) and waits, as CRI-O does, until the log file is there again: conmon makes a new file
    /// and renames it into place, so no line is written to neither.
    /// </summary>
    public static async Task ReopenLogAsync(string containerId, string bundleDirectory, string logPath, CancellationToken cancellationToken = default)
    {
        var control = MonitorPaths.ControlFifo(bundleDirectory);
        using var fifo = Fifo.OpenWriterIfRead(control)
            ?? throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: its monitor is not running (nothing reads {control})");
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

        await using (var writer = new FileStream(fifo, FileAccess.Write, bufferSize: 0))
            await writer.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{ReopenLog} 0 0\n"), cancellationToken).ConfigureAwait(false);
        await reopened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
