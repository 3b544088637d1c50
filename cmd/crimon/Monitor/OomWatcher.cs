using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// Notices OOM kills in the container's memory cgroup and records them as conmon does: the file
/// <c>oom</c> in the persist directory and in the monitor's working directory. On cgroup v1 through
/// an eventfd registered on <c>memory.oom_control</c> (an event while the cgroup still exists, or two
/// events, is an OOM; one event with the cgroup gone is its removal); on v2 by inotify on
/// <c>memory.events</c>, where a changed <c>oom_kill</c> counter is an OOM kill.
/// </summary>
internal sealed unsafe class OomWatcher : IDisposable
{
    private readonly string? _persistPath;
    private readonly MonitorLog _log;
    private readonly EventLoop _loop;
    private readonly List<int> _fds = [];
    private string? _memoryEvents;
    private long _lastKills;

    private OomWatcher(string? persistPath, EventLoop loop, MonitorLog log)
    {
        _persistPath = persistPath;
        _loop = loop;
        _log = log;
    }

    public static OomWatcher Start(int containerPid, string? persistPath, EventLoop loop, MonitorLog log)
    {
        var watcher = new OomWatcher(persistPath, loop, log);
        string cgroups;
        try
        {
            cgroups = Descriptors.ReadText($"/proc/{containerPid}/cgroup");
        }
        catch (IOException)
        {
            log.Warn("Failed to get memory cgroup path. Container may have exited");
            return watcher;
        }
        if (IsUnified())
            watcher.WatchUnified(cgroups);
        else
            watcher.WatchV1(cgroups);
        return watcher;
    }

    /// <summary>One last look at a v2 counter (conmon's check at exit): a kill may not have been reported yet.</summary>
    public void CheckOnExit()
    {
        if (_memoryEvents is not null)
            CheckUnified();
    }

    public void Dispose()
    {
        foreach (var fd in _fds)
        {
            _loop.Unwatch(fd);
            Libc.Close(fd);
        }
        _fds.Clear();
    }

    private static bool IsUnified()
    {
        var buffer = stackalloc byte[128];
        return Libc.StatFs("/sys/fs/cgroup", buffer) == 0 && *(long*)buffer == Constants.Cgroup2SuperMagic;
    }

    private void WatchV1(string cgroups)
    {
        var directory = CgroupPaths.Find(cgroups, unified: false, "memory");
        if (directory is null)
        {
            _log.Warn("Failed to get memory cgroup path. Container may have exited");
            return;
        }
        var eventControl = Path.Combine(directory, "cgroup.event_control");
        var control = Libc.Open(eventControl, Constants.WriteOnly | Constants.CloseOnExec, 0);
        if (control < 0)
        {
            _log.Warn($"Failed to open {eventControl}");
            return;
        }
        try
        {
            var oomControl = Libc.Open(Path.Combine(directory, "memory.oom_control"), Constants.ReadOnly | Constants.CloseOnExec, 0);
            if (oomControl < 0)
            {
                _log.Warn($"Failed to open {directory}/memory.oom_control");
                return;
            }
            _fds.Add(oomControl);
            var eventFd = Libc.EventFd(0, Constants.CloseOnExec);
            if (eventFd < 0)
                throw new MonitorExitException($"Failed to create eventfd: {Errors.Describe(Libc.Errno)}");
            _fds.Add(eventFd);
            if (!Descriptors.WriteAll(control, System.Text.Encoding.ASCII.GetBytes($"{eventFd} {oomControl}")))
                throw new MonitorExitException($"Failed to write to cgroup.event_control: {Errors.Describe(Libc.Errno)}");
            _loop.Watch(eventFd, Constants.PollIn, events => OnV1Event(eventFd, eventControl, events));
        }
        finally
        {
            Libc.Close(control);
        }
    }

    private void OnV1Event(int eventFd, string eventControl, short events)
    {
        if ((events & Constants.PollIn) == 0)
        {
            _loop.Unwatch(eventFd);
            return;
        }
        var removed = Libc.Access(eventControl, 0) != 0;
        Span<byte> counter = stackalloc byte[8];
        if (Descriptors.Read(eventFd, counter) != 8)
        {
            _log.Warn("Failed to read oom event from eventfd");
            return;
        }
        var count = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(counter);
        if (count == 0 || (count == 1 && removed))
        {
            if (removed)
                _loop.Unwatch(eventFd);
            return;
        }
        WriteOomFiles();
    }

    private void WatchUnified(string cgroups)
    {
        var directory = CgroupPaths.Find(cgroups, unified: true, "");
        if (directory is null)
        {
            _log.Warn("Failed to get cgroup path. Container may have exited");
            return;
        }
        var events = Path.Combine(directory, "memory.events");
        var inotify = Libc.InotifyInit1(Constants.CloseOnExec | Constants.NonBlock);
        if (inotify < 0)
        {
            _log.Warn("Failed to create inotify fd");
            return;
        }
        _fds.Add(inotify);
        if (Libc.InotifyAddWatch(inotify, events, Constants.InModify) < 0)
        {
            _log.Warn($"Failed to add inotify watch for {events}");
            return;
        }
        _memoryEvents = events;
        _lastKills = ReadKills() ?? 0;
        _loop.Watch(inotify, Constants.PollIn, _ =>
        {
            Span<byte> drop = stackalloc byte[4096];
            Descriptors.Read(inotify, drop);
            CheckUnified();
        });
    }

    private void CheckUnified()
    {
        if (ReadKills() is { } kills && kills != _lastKills && WriteOomFiles())
            _lastKills = kills;
    }

    private long? ReadKills()
    {
        try
        {
            return CgroupPaths.OomKills(Descriptors.ReadText(_memoryEvents!));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private bool WriteOomFiles()
    {
        _log.Info("OOM received");
        if (_persistPath is not null && !Touch(Path.Combine(_persistPath, "oom")))
            _log.Warn("Failed to write oom file");
        var written = Touch("oom");
        if (!written)
            _log.Warn("Failed to write oom file");
        return written;
    }

    private static bool Touch(string path)
    {
        var fd = Libc.Open(path, Constants.Create | Constants.WriteOnly | Constants.CloseOnExec, 0b110_110_110);
        if (fd < 0)
            return false;
        Libc.Close(fd);
        return true;
    }
}
