using System.ComponentModel;
using System.Diagnostics;

namespace CriEngine.Platform.Processes;

/// <summary>
/// The one way the engine runs external programs (runc, crun, conmon, CNI plugins): no shell,
/// output captured up to a limit, a timeout and cancellation that kill the child by its PID,
/// and every child reaped before the call returns.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// Every spawn takes it (<see cref="InteractiveProcess"/>'s too). A pipe's child end is
    /// inheritable only while its own spawn holds it, so no other child started here can inherit it.
    /// </summary>
    internal static readonly Lock SpawnLock = new();

    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs <paramref name="spec"/> to its end and returns its exit code and output, whatever the
    /// exit code (<see cref="ProcessResult.ThrowIfFailed"/> turns a failure into an exception).
    /// Throws <see cref="ProcessFailedException"/> when the program cannot start or runs past its
    /// timeout, and <see cref="OperationCanceledException"/> when cancelled; in both cases the child
    /// was killed and reaped first.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = Spawn(spec);
        var stdout = CappedOutput.Start(process.StandardOutput.BaseStream, spec.OutputLimit);
        var stderr = CappedOutput.Start(process.StandardError.BaseStream, spec.OutputLimit);
        var stdin = FeedStdinAsync(process.StandardInput.BaseStream, spec.Stdin);

        using var expiry = new CancellationTokenSource();
        if (spec.Timeout is { } timeout)
            expiry.CancelAfter(timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            if (spec.OnStarted is not null)
                await spec.OnStarted(process.Id, stop.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
            // A grandchild that kept the output open would hold the call past the child's exit: the timeout covers that too.
            await Task.WhenAll(stdout.Completion, stderr.Completion, stdin).WaitAsync(stop.Token).ConfigureAwait(false);
            return new ProcessResult(process.ExitCode, stdout.Text, stderr.Text);
        }
        catch (Exception failure)
        {
            await KillAndReapAsync(process).ConfigureAwait(false);
            if (failure is OperationCanceledException && expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // What the killed child said last; a grandchild holding stderr open must not hold the answer.
                await Task.WhenAny(stderr.Completion, Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false);
                throw ProcessFailedException.Expired(spec, spec.Timeout!.Value, stderr.Text);
            }
            throw;
        }
    }

    private static Process Spawn(ProcessSpec spec)
    {
        var start = new ProcessStartInfo(spec.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? "",
        };
        foreach (var argument in spec.Arguments)
            start.ArgumentList.Add(argument);
        if (spec.Environment is not null)
        {
            start.Environment.Clear();
            foreach (var (name, value) in spec.Environment)
                start.Environment[name] = value;
        }
        foreach (var pipe in spec.Pipes)
        {
            if (pipe.Spent)
                throw new InvalidOperationException($"pipe {pipe.EnvironmentVariable} was already given to a child");
            start.Environment[pipe.EnvironmentVariable] = pipe.ChildDescriptor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        lock (SpawnLock)
        {
            try
            {
                foreach (var pipe in spec.Pipes)
                    pipe.InheritOnNextSpawn();
                return Process.Start(start) ?? throw new InvalidOperationException("no process was started");
            }
            catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
            {
                throw ProcessFailedException.NotStarted(spec, e);
            }
            finally
            {
                foreach (var pipe in spec.Pipes)
                    pipe.CloseChildEnd();
            }
        }
    }

    private static async Task FeedStdinAsync(Stream stdin, ReadOnlyMemory<byte> content)
    {
        try
        {
            if (!content.IsEmpty)
                await stdin.WriteAsync(content).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child exited or closed its stdin without reading everything: its exit code tells the rest.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task KillAndReapAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
