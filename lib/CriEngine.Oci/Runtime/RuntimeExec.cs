using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// A command run in a running container for a streaming Exec, as CRI-O runs it: the runtime's
/// <c>exec</c> in the foreground with the container's process settings. With a terminal, the
/// runtime gets a pseudo-terminal of the engine's as its own and copies between it and the
/// command's console, resizing the console when its own is resized; without one, the command's
/// stdin, stdout and stderr are the runtime's. Disposing it kills the command if it still runs.
/// </summary>
public sealed class RuntimeExec : IAsyncDisposable
{
    private readonly DirectoryInfo _work;
    private readonly string _pidFile;

    private RuntimeExec(InteractiveProcess process, DirectoryInfo work, string pidFile)
    {
        Process = process;
        _work = work;
        _pidFile = pidFile;
    }

    /// <summary>The runtime's process: its streams are the command's.</summary>
    public InteractiveProcess Process { get; }

    public static async Task<RuntimeExec> StartAsync(OciRuntime runtime, string containerId, string bundleDirectory, IReadOnlyList<string> command, bool terminal, CancellationToken cancellationToken)
    {
        ContainerIds.Validate(containerId);
        var work = Directory.CreateTempSubdirectory("criengine-exec-");
        try
        {
            var processFile = Path.Combine(work.FullName, "process.json");
            var pidFile = Path.Combine(work.FullName, "pid");
            await ExecProcessFile.WriteAsync(containerId, bundleDirectory, command, terminal, processFile, cancellationToken).ConfigureAwait(false);
            var process = InteractiveProcess.Start(runtime.Handler.RuntimePath,
                [.. runtime.ExecArguments, "exec", "--process", processFile, "--pid-file", pidFile, containerId], terminal);
            return new RuntimeExec(process, work, pidFile);
        }
        catch
        {
            work.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Waits for the command's exit code; cancelled, it kills the command (and so ends the runtime's exec) first.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillCommand();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.Exited.IsCompleted)
            KillCommand();
        await Process.DisposeAsync().ConfigureAwait(false);
        _work.Delete(recursive: true);
    }

    private void KillCommand()
    {
        try
        {
            ExecPidFile.KillCommand(_pidFile);
        }
        catch (IOException)
        {
            // Gone already; disposing the runtime's process ends what is left.
        }
    }
}
