using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// conmon's first fork: the process its caller started writes its child's PID to the monitor
/// PID file and exits at once; the child carries on as the monitor, in a session of its own,
/// with /dev/null for stdio (its caller waits for its output to end), a child subreaper so that
/// the container's processes become its children.
/// </summary>
internal static class Daemon
{
    /// <summary>Forks unless <paramref name="sync"/>; returns in the monitor only.</summary>
    public static void Detach(bool sync, string? monitorPidFile)
    {
        if (sync)
            return;
        var pid = Libc.Fork();
        if (pid < 0)
            throw new MonitorExitException($"Failed to fork the create command: {Errors.Describe(Libc.Errno)}");
        if (pid == 0)
            return;
        var status = 0;
        if (monitorPidFile is not null)
        {
            try
            {
                AtomicFile.Write(monitorPidFile, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException e)
            {
                Descriptors.WriteAll(2, System.Text.Encoding.UTF8.GetBytes($"[crimon:e]: Failed to write conmon pidfile: {e.Message}\n"));
                status = 1;
            }
        }
        Libc.Exit(status);
    }

    /// <summary>/dev/null over stdin, stdout and stderr.</summary>
    public static void DisconnectStdio(int devNullRead, int devNullWrite)
    {
        if (Libc.Dup2(devNullRead, 0) < 0 || Libc.Dup2(devNullWrite, 1) < 0 || Libc.Dup2(devNullWrite, 2) < 0)
            throw new MonitorExitException($"Failed to dup over stdio: {Errors.Describe(Libc.Errno)}");
    }

    public static void BecomeSubreaper()
    {
        Libc.Setsid();
        if (Libc.Prctl(Constants.PrSetChildSubreaper, 1, 0, 0, 0) != 0)
            throw new MonitorExitException($"Failed to set as subreaper: {Errors.Describe(Libc.Errno)}");
    }
}
