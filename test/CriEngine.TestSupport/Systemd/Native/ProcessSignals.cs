using System.ComponentModel;
using System.Runtime.InteropServices;

namespace CriEngine.TestSupport.Systemd.Native;

/// <summary>kill(2) by PID: the fixture ends exactly the processes it started, never by name.</summary>
internal static partial class ProcessSignals
{
    public const int Kill = 9;
    public const int Continue = 18;

    /// <summary>SIGRTMIN+4: systemd's "poweroff" request (glibc's SIGRTMIN is 34).</summary>
    public const int SystemdPoweroff = 34 + 4;

    private const int NoSuchProcess = 3;

    /// <summary>Sends <paramref name="signal"/>; false if the process is gone.</summary>
    public static bool Send(int pid, int signal)
    {
        if (KillProcess(pid, signal) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess ? false : throw new Win32Exception(errno, $"kill({pid}, {signal})");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillProcess(int pid, int signal);
}
