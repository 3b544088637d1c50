using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace CriEngine.Daemon;

/// <summary>
/// systemd's readiness protocol (sd_notify(3)) without libsystemd: one datagram per state
/// change to the socket in <c>$NOTIFY_SOCKET</c>. Without that variable it does nothing.
/// </summary>
internal sealed class SdNotify : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _target;

    public SdNotify(string? notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket))
            return;
        // A leading '@' names an abstract socket, whose address starts with a NUL byte.
        _target = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>
    /// Takes <c>$NOTIFY_SOCKET</c> and removes it from the environment, as sd_notify's
    /// unset_environment does: the runtimes and monitors the daemon starts must not see it
    /// (runc would try to relay the container's own notifications to systemd).
    /// </summary>
    public static SdNotify FromEnvironment()
    {
        var socket = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
        return new SdNotify(socket);
    }

    public void Ready() => Send("READY=1");

    /// <summary>systemd 253+ wants the monotonic time with RELOADING=1 to tell reloads apart.</summary>
    public void Reloading() => Send($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}");

    public void Stopping() => Send("STOPPING=1");

    public void Status(string text) => Send($"STATUS={text}");

    public void Dispose() => _socket?.Dispose();

    private void Send(string state)
    {
        if (_socket is null)
            return;
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _target!);
        }
        catch (SocketException)
        {
            // systemd went away or never listened: readiness is advisory for us.
        }
    }

    // On Linux the Stopwatch reads CLOCK_MONOTONIC, the clock systemd compares against.
    private static long MonotonicMicroseconds() => (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
