using System.Collections;
using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// Starts a program as conmon starts the runtime: fork, then in the child only libc calls on
/// memory prepared before the fork — die with the monitor (PDEATHSIG SIGKILL), the signal mask
/// cleared, the given descriptors as stdin/stdout/stderr, optionally a wait for the start pipe,
/// an OOM score the kernel may kill again, then execve.
/// </summary>
internal static unsafe class ChildLauncher
{
    /// <param name="stdio">The descriptors to make 0, 1 and 2; -1 keeps the monitor's own.</param>
    /// <param name="waitFd">A descriptor to read one message from before the exec (exec attach), or -1.</param>
    public static int Start(IReadOnlyList<string> argv, (int In, int Out, int Err) stdio, int waitFd = -1, bool dieWithMonitor = true)
    {
        using var arguments = new NativeStrings(argv);
        using var environment = new NativeStrings(CurrentEnvironment());
        using var oomPath = new NativeStrings(["/proc/self/oom_score_adj", "0"]);
        var emptyMask = stackalloc ulong[16];
        var scratch = stackalloc byte[256];

        var pid = Libc.Fork();
        if (pid != 0)
            return pid >= 0 ? pid : throw new MonitorExitException($"Failed to fork the {argv[0]} command: {Errors.Describe(Libc.Errno)}");

        // The child: nothing here may allocate.
        if (dieWithMonitor)
            Libc.Prctl(Constants.PrSetPdeathsig, Constants.SigKill, 0, 0, 0);
        Libc.SigProcMask(Constants.SigSetMask, emptyMask, null);
        if (stdio.In >= 0)
            Libc.Dup2(stdio.In, 0);
        if (stdio.Out >= 0)
            Libc.Dup2(stdio.Out, 1);
        if (stdio.Err >= 0)
            Libc.Dup2(stdio.Err, 2);
        if (waitFd >= 0)
        {
            Libc.Read(waitFd, scratch, 256);
            Libc.Close(waitFd);
        }
        // The monitor keeps itself out of the OOM killer's way; the runtime must not inherit that.
        var oomFd = Libc.Open(oomPath.Pointer[0], Constants.WriteOnly | Constants.CloseOnExec, 0);
        if (oomFd >= 0)
        {
            Libc.Write(oomFd, oomPath.Pointer[1], 1);
            Libc.Close(oomFd);
        }
        Libc.Execve(arguments.First, arguments.Pointer, environment.Pointer);
        Libc.Exit(127);
        return -1;
    }

    private static List<string> CurrentEnvironment()
    {
        var environment = new List<string>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment.Add($"{entry.Key}={entry.Value}");
        return environment;
    }
}
