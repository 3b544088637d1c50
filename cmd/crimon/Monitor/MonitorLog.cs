using System.Text;
using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// The monitor's own messages, as conmon's: <c>[crimon:e] …</c> lines on stderr (which is
/// /dev/null once the monitor runs on its own) and, with <c>--syslog</c>, syslog through
/// /dev/log. <c>--log-level</c> (trace, debug, info, warn, error, fatal) says which are kept.
/// </summary>
internal sealed class MonitorLog
{
    private readonly int _level;
    private readonly bool _syslog;
    private readonly string _tag;

    public MonitorLog(string? level, bool syslog, string? containerId)
    {
        _level = level?.ToLowerInvariant() switch
        {
            "trace" => 5,
            "debug" => 4,
            "info" => 3,
            "warn" or "warning" => 2,
            "error" => 1,
            "fatal" or "panic" => 0,
            null or "" => 2,
            _ => throw new MonitorExitException($"No such log level {level}"),
        };
        _syslog = syslog;
        _tag = containerId is null ? "crimon" : $"crimon {containerId[..Math.Min(12, containerId.Length)]}";
    }

    public void Error(string message) => Write(1, 'e', 3, message);

    public void Warn(string message) => Write(2, 'w', 4, message);

    public void Info(string message) => Write(3, 'i', 6, message);

    public void Debug(string message) => Write(4, 'd', 7, message);

    private void Write(int level, char letter, int priority, string message)
    {
        if (level > _level)
            return;
        Descriptors.WriteAll(2, Encoding.UTF8.GetBytes($"[crimon:{letter}] {message}\n"));
        if (_syslog)
            SendToSyslog(priority, message);
    }

    /// <summary>One datagram to /dev/log, facility daemon; nothing when there is no syslog.</summary>
    private unsafe void SendToSyslog(int priority, string message)
    {
        var fd = Libc.Socket(Constants.AfUnix, Constants.SockDgram | Constants.SockCloseOnExec, 0);
        if (fd < 0)
            return;
        try
        {
            var address = SocketAddress.Unix("/dev/log");
            fixed (byte* pointer = address)
            {
                if (Libc.Connect(fd, pointer, (uint)address.Length) != 0)
                    return;
            }
            var datagram = Encoding.UTF8.GetBytes($"<{24 + priority}>{_tag}: {message}");
            fixed (byte* pointer = datagram)
                Libc.Send(fd, pointer, (nuint)datagram.Length, Constants.MsgDontWait | Constants.MsgNoSignal);
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
