using System.Globalization;

namespace CriEngine.Oci.Runtime;

/// <summary>The PID file a runtime's <c>exec --pid-file</c> writes for the command it starts in a container.</summary>
public static class ExecPidFile
{
    /// <summary>
    /// Kills the command and everything it started: the runtime made it a session and process
    /// group leader, so its PID names its group. False when it has no PID yet (the runtime's exec
    /// still runs). An <see cref="IOException"/> says why a kill failed.
    /// </summary>
    public static bool KillCommand(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1)
            return false;
        if (!Native.Signals.SendToGroup(pid, Native.Signals.Kill))
            Native.Signals.Send(pid, Native.Signals.Kill);
        return true;
    }
}
