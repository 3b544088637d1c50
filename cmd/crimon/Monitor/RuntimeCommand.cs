using CriEngine.Crimon.Options;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// The runtime's command line, as conmon builds it: <c>RUNTIME [--systemd-cgroup] [runtime-args]</c>
/// then <c>create --bundle B --pid-file P [--no-pivot] [--no-new-keyring]</c> (or <c>restore</c>
/// with <c>--detach --image-path R --work-path B</c>, or <c>exec --pid-file P --process SPEC --detach</c>),
/// the runtime options, <c>--console-socket S</c> for a terminal, and the container ID last.
/// </summary>
internal static class RuntimeCommand
{
    public static List<string> Build(MonitorOptions options, string containerPidFile, string bundlePath, string? consoleSocket)
    {
        List<string> argv = [options.RuntimePath!];
        if (!options.Exec && options.SystemdCgroup)
            argv.Add("--systemd-cgroup");
        argv.AddRange(options.RuntimeArguments);
        if (options.Exec)
            argv.AddRange(["exec", "--pid-file", containerPidFile, "--process", options.ExecProcessSpec!, "--detach"]);
        else
        {
            argv.AddRange([options.RestorePath is null ? "create" : "restore", "--bundle", bundlePath, "--pid-file", containerPidFile]);
            if (options.NoPivot)
                argv.Add("--no-pivot");
            if (options.NoNewKeyring)
                argv.Add("--no-new-keyring");
            if (options.RestorePath is not null)
                argv.AddRange(["--detach", "--image-path", options.RestorePath, "--work-path", bundlePath]);
        }
        argv.AddRange(options.RuntimeOptions);
        if (consoleSocket is not null)
            argv.AddRange(["--console-socket", consoleSocket]);
        argv.Add(options.ContainerId!);
        return argv;
    }
}
