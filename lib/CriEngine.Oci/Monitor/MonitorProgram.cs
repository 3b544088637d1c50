using CriEngine.Oci.Runtime;
using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// The conmon-compatible monitor of a runtime handler (crio.conf <c>monitor_path</c> and
/// <c>monitor_env</c>, "KEY=VALUE" entries): Debian's <c>/usr/bin/conmon</c> or the project's
/// <c>crimon</c>. It starts with exactly that environment, as CRI-O starts it.
/// </summary>
public sealed record MonitorProgram(string Path, IReadOnlyList<string> Environment)
{
    /// <summary>The variable conmon finds the descriptor it reports on in.</summary>
    internal const string SyncPipeVariable = "_OCI_SYNCPIPE";

    /// <summary>The variable conmon finds the descriptor it waits on before starting anything in.</summary>
    internal const string StartPipeVariable = "_OCI_STARTPIPE";

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// conmon's arguments that hand the runtime to it: its path, and its global flags as
    /// <c>--runtime-arg</c>s. conmon adds <c>--systemd-cgroup</c> for create itself when given <c>-s</c>.
    /// </summary>
    internal static IEnumerable<string> RuntimeArguments(OciRuntime runtime)
    {
        yield return "-r";
        yield return runtime.Handler.RuntimePath;
        foreach (var argument in runtime.CommonArguments)
        {
            yield return "--runtime-arg";
            yield return argument;
        }
        if (runtime.Handler.SystemdCgroup)
            yield return "-s";
    }

    /// <summary>
    /// The monitor run with its sync and start pipes. It blocks on the start pipe until
    /// <paramref name="beforeStart"/> (if any) has run with its PID, then gets its start byte.
    /// </summary>
    internal ProcessSpec Spec(IReadOnlyList<string> arguments, string? workingDirectory, InheritedPipe sync, InheritedPipe start, Func<int, CancellationToken, Task>? beforeStart) =>
        new(Path, arguments)
        {
            Environment = ChildEnvironment(),
            WorkingDirectory = workingDirectory,
            Pipes = [sync, start],
            OnStarted = async (pid, cancellationToken) =>
            {
                if (beforeStart is not null)
                    await beforeStart(pid, cancellationToken).ConfigureAwait(false);
                await start.Parent.WriteAsync(new byte[1], cancellationToken).ConfigureAwait(false);
            },
        };

    private Dictionary<string, string> ChildEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Environment)
        {
            var separator = entry.IndexOf('=');
            if (separator > 0)
                environment[entry[..separator]] = entry[(separator + 1)..];
        }
        // As CRI-O: a rootless runtime finds its state through it.
        if (System.Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { } runtimeDirectory)
            environment["XDG_RUNTIME_DIR"] = runtimeDirectory;
        return environment;
    }
}
