using System.Runtime.InteropServices;

namespace CriEngine.Oci.Native;

/// <summary>kill(2), for processes the engine did not start itself (a monitor, a command run in a container).</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    private const int NoSuchProcess = 3;

    /// <summary>Signals every process of group <paramref name="groupId"/>; false when the group is already gone.</summary>
    public static bool SendToGroup(int groupId, int signal)
    {
        if (groupId <= 1)
            throw new ArgumentOutOfRangeException(nameof(groupId), groupId, "not a process group of a container command");
        if (KillNative(-groupId, signal) == 0)
            return true;
        var error = Marshal.GetLastPInvokeError();
        if (error == NoSuchProcess)
            return false;
        throw new IOException($"kill process group {groupId}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    /// <summary>Signals process <paramref name="pid"/>; false when it is already gone.</summary>
    public static bool Send(int pid, int signal)
    {
        if (pid <= 1)
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "not a process the engine may signal");
        if (KillNative(pid, signal) == 0)
            return true;
        var error = Marshal.GetLastPInvokeError();
        if (error == NoSuchProcess)
            return false;
        throw new IOException($"kill {pid}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);
}
