using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// One poll(2) loop over the monitor's descriptors, as conmon's GLib main loop: each watched
/// descriptor has a handler called with the events it got; a handler may watch or unwatch
/// descriptors. It runs until <see cref="Quit"/> or its deadline.
/// </summary>
internal sealed unsafe class EventLoop
{
    private readonly Dictionary<int, (short Events, Action<short> Handler)> _watches = [];
    // The watches as poll(2) takes them, made again only when they change: an idle or busy loop allocates nothing.
    private KeyValuePair<int, (short Events, Action<short> Handler)>[] _snapshot = [];
    private PollFd[] _fds = [];
    private bool _changed = true;
    private bool _quit;

    public void Watch(int fd, short events, Action<short> handler)
    {
        _watches[fd] = (events, handler);
        _changed = true;
    }

    public void Unwatch(int fd) => _changed |= _watches.Remove(fd);

    public bool IsWatching(int fd) => _watches.ContainsKey(fd);

    public void Quit() => _quit = true;

    /// <summary>Runs until quit, or until <paramref name="deadline"/> (monotonic milliseconds, 0 for none); true when the deadline ended it.</summary>
    public bool Run(long deadline = 0, Func<int>? nextWakeup = null)
    {
        _quit = false;
        while (!_quit)
        {
            var timeout = -1;
            if (deadline > 0)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                    return true;
                timeout = (int)Math.Min(left, int.MaxValue);
            }
            if (nextWakeup?.Invoke() is { } wakeup and >= 0)
                timeout = timeout < 0 ? wakeup : Math.Min(timeout, wakeup);
            if (_changed)
            {
                _snapshot = _watches.ToArray();
                _fds = new PollFd[_snapshot.Length];
                _changed = false;
            }
            var snapshot = _snapshot;
            var fds = _fds;
            for (var i = 0; i < snapshot.Length; i++)
                fds[i] = new PollFd { Fd = snapshot[i].Key, Events = snapshot[i].Value.Events };
            int ready;
            fixed (PollFd* pointer = fds)
                ready = Libc.Poll(pointer, (nuint)snapshot.Length, timeout);
            if (ready < 0)
            {
                if (Libc.Errno == Constants.Eintr)
                    continue;
                throw new MonitorExitException($"poll failed: {Errors.Describe(Libc.Errno)}");
            }
            for (var i = 0; i < snapshot.Length && !_quit; i++)
            {
                if (fds[i].Revents == 0)
                    continue;
                // A handler earlier in this round may have closed it.
                if (_watches.TryGetValue(fds[i].Fd, out var watch) && watch.Handler == snapshot[i].Value.Handler)
                    watch.Handler(fds[i].Revents);
            }
        }
        return false;
    }
}
