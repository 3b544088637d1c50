using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// <c>--exit-command</c>: run once the container is gone and its exit recorded, with its
/// <c>--exit-command-arg</c>s, after <c>--exit-delay</c> seconds. The monitor stops being a
/// subreaper first (the command's own children are not its business), waits for it and for
/// anything the runtime left, and ends with the command's status when that is not 0.
/// </summary>
internal static unsafe class ExitCommand
{
    public static int Run(string command, IReadOnlyList<string> arguments, int delaySeconds, MonitorLog log)
    {
        if (Libc.Prctl(Constants.PrSetChildSubreaper, 0, 0, 0, 0) != 0)
            log.Warn("Failed to disable self subreaper attribute - might wait for indirect children a long time");
        if (delaySeconds > 0)
        {
            log.Debug($"Sleeping for {delaySeconds} seconds before executing exit command");
            Libc.Sleep((uint)delaySeconds);
        }
        var pid = ChildLauncher.Start([command, .. arguments], (-1, -1, -1), dieWithMonitor: false);
        var commandStatus = 0;
        while (true)
        {
            int status;
            var reaped = Libc.WaitPid(-1, &status, 0);
            if (reaped < 0 && Libc.Errno == Constants.Eintr)
                continue;
            if (reaped <= 0)
                break;
            if (reaped == pid)
                commandStatus = Monitor.ExitStatus.Of(status);
        }
        return commandStatus;
    }
}
