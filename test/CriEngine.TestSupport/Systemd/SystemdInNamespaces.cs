using System.Diagnostics;
using System.Globalization;
using CriEngine.DBus;
using CriEngine.TestSupport.Systemd.Native;

namespace CriEngine.TestSupport.Systemd;

/// <summary>
/// Debian's systemd as PID 1 of new pid, mount, cgroup, uts and ipc namespaces, with its own
/// dbus-daemon, as shared/harness/systemd-ns.sh starts it: the same host protections (see
/// <see cref="SystemdInnerStages"/>), a parent cgroup <c>systemd-ns-NAME</c> at the root of every
/// host hierarchy that is "/" inside, console output into a log file through script(1).
/// Needs root. Disposal powers systemd off (SIGRTMIN+4), kills what is left by PID, and removes
/// the cgroups and the state directory; every mount lives in the namespace and goes with it.
/// PIDs given to StartTransientUnit are read in systemd's pid namespace: start such processes
/// with <see cref="StartInsideAsync"/>.
/// </summary>
public sealed class SystemdInNamespaces : IAsyncDisposable
{
    private const string InnerBus = "/run/dbus/system_bus_socket";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Host-side state of every instance, one directory each (like the harness's /run/systemd-ns).</summary>
    private const string StateRoot = "/run/criengine-test-systemd";

    private readonly IReadOnlyList<HostCgroupHierarchy> _hierarchies;
    private readonly string _pidNamespace;
    private readonly string _mountNamespace;
    private readonly Process _script;
    private readonly int _unsharePid;
    private bool _stopped;

    private SystemdInNamespaces(string name, string stateDirectory, IReadOnlyList<HostCgroupHierarchy> hierarchies, Process script, int unsharePid, int pid)
    {
        Name = name;
        StateDirectory = stateDirectory;
        _hierarchies = hierarchies;
        _script = script;
        _unsharePid = unsharePid;
        Pid = pid;
        _pidNamespace = NamespaceOf(pid, "pid") ?? throw new InvalidOperationException($"systemd-ns {name}: PID {pid} vanished");
        _mountNamespace = NamespaceOf(pid, "mnt") ?? throw new InvalidOperationException($"systemd-ns {name}: PID {pid} vanished");
    }

    public string Name { get; }

    /// <summary>systemd's PID on the host (PID 1 inside).</summary>
    public int Pid { get; }

    /// <summary>Host-side state: the hierarchies file and console.log (systemd's own log).</summary>
    public string StateDirectory { get; }

    /// <summary>The parent cgroup, at the root of every host hierarchy: "/" inside.</summary>
    public string CgroupName => "systemd-ns-" + Name;

    /// <summary>The system bus inside, reached from the host through systemd's root: <c>unix:path=/proc/PID/root/run/dbus/system_bus_socket</c>.</summary>
    public string BusAddress => $"unix:path=/proc/{Pid}/root{InnerBus}";

    /// <summary>systemd's private socket (peer to peer, no bus), from the host.</summary>
    public string PrivateSocketPath => $"/proc/{Pid}/root/run/systemd/private";

    /// <summary>The hierarchies mounted inside, as on the host.</summary>
    public IReadOnlyList<HostCgroupHierarchy> Hierarchies => _hierarchies;

    /// <summary>
    /// True on a cgroup2-only host: then systemd inside runs unified too, and <see cref="CgroupRoot"/>
    /// takes "" for the one hierarchy. Otherwise the host's hybrid (or legacy) layout is repeated inside.
    /// </summary>
    public bool IsUnified => IsUnifiedHost(_hierarchies);

    /// <summary>systemd's "/" in hierarchy <paramref name="hierarchy"/> (<c>memory</c>, <c>cpu</c>, <c>pids</c>, <c>unified</c>…), as a host path.</summary>
    public string CgroupRoot(string hierarchy) =>
        _hierarchies.FirstOrDefault(h => h.Name == hierarchy) is { } found
            ? Path.Combine(found.MountPoint, CgroupName)
            : throw new ArgumentException($"no cgroup hierarchy '{hierarchy}' on this host", nameof(hierarchy));

    /// <summary>A connection to the system bus inside.</summary>
    public DBusClient ConnectBus(TimeSpan? callTimeout = null) => new([DBusEndpoint.MessageBus(BusAddress)], callTimeout);

    /// <summary>A connection to systemd's private socket.</summary>
    public DBusClient ConnectPrivate(TimeSpan? callTimeout = null) => new([DBusEndpoint.Direct(PrivateSocketPath)], callTimeout);

    /// <summary>Starts <paramref name="name"/> (letters, digits, <c>_ . -</c>); an earlier instance of that name left over is cleaned up first.</summary>
    public static async Task<SystemdInNamespaces> StartAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9_.-]+$"))
            throw new ArgumentException($"systemd-ns name '{name}' must be letters, digits, '_', '.', '-'", nameof(name));
        if (Environment.UserName != "root")
            throw new InvalidOperationException("systemd-ns: must run as root");
        const string systemd = "/lib/systemd/systemd";
        if (!File.Exists(systemd))
            throw new InvalidOperationException($"{systemd} missing (apt-get install systemd)");
        if (!File.Exists("/usr/bin/dbus-daemon"))
            throw new InvalidOperationException("no dbus-daemon (apt-get install dbus)");

        var state = Path.Combine(StateRoot, name);
        var cgroup = "systemd-ns-" + name;
        var hierarchies = HostCgroupHierarchy.ReadAll();
        if (hierarchies.Count == 0)
            throw new InvalidOperationException("no cgroup hierarchies under /sys/fs/cgroup");
        await CleanUpLeftoverAsync(state, cgroup, hierarchies);

        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "console.log"), "");
        File.WriteAllLines(Path.Combine(state, "hierarchies"), hierarchies.Select(h => h.ToString()));
        var links = Directory.CreateDirectory(Path.Combine(state, "host-cgroup-links"));
        foreach (var link in new DirectoryInfo("/sys/fs/cgroup").EnumerateFileSystemInfos().Where(info => info.LinkTarget is not null))
            File.CreateSymbolicLink(Path.Combine(links.FullName, link.Name), link.LinkTarget!);
        MakeCgroups(hierarchies, cgroup);

        var script = LaunchScript(name, state, cgroup, systemd, hierarchies);
        int unsharePid, pid;
        try
        {
            (unsharePid, pid) = await WaitForInitAsync(script, state, cancellationToken);
        }
        catch
        {
            script.Kill(entireProcessTree: true);
            await script.WaitForExitAsync(CancellationToken.None);
            script.Dispose();
            await RemoveCgroupsAsync(hierarchies, cgroup);
            Directory.Delete(state, recursive: true);
            throw;
        }
        var instance = new SystemdInNamespaces(name, state, hierarchies, script, unsharePid, pid);
        File.WriteAllText(Path.Combine(state, "pid"), pid.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(state, "pidns"), instance._pidNamespace);
        try
        {
            await instance.WaitUntilRunningAsync(cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <paramref name="command"/> inside the namespaces (e.g. <c>sleep 300</c>, for a scope's PIDs).</summary>
    public Task<NamespaceProcess> StartInsideAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        NamespaceProcess.StartAsync(Pid, command, cancellationToken);

    /// <summary>Runs <paramref name="command"/> inside to its end (with the bus at its default path there).</summary>
    public Task<Registry.ExternalCommandResult> RunInsideAsync(IReadOnlyList<string> command, CancellationToken cancellationToken = default) =>
        Registry.ExternalCommand.RunAsync("nsenter",
            ["--target", Pid.ToString(CultureInfo.InvariantCulture), "--mount", "--pid", "--uts", "--ipc", "--cgroup", "--wd=/", "--", .. command],
            timeout: TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);

    /// <summary>Host PIDs of the processes inside whose command name is <paramref name="comm"/> (e.g. <c>dbus-daemon</c>).</summary>
    public IReadOnlyList<int> FindInside(string comm) =>
        Members().Where(pid => ReadOrNull($"/proc/{pid}/comm")?.Trim() == comm && NamespaceOf(pid, "pid") == _pidNamespace).ToList();

    /// <summary>systemd's own log so far (for failure messages).</summary>
    public string ConsoleLog() => File.Exists(Path.Combine(StateDirectory, "console.log")) ? File.ReadAllText(Path.Combine(StateDirectory, "console.log")).Replace("\r", "") : "";

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        // Our PID must still be the namespace init we started (PIDs get reused).
        if (IsAlive(Pid) && NamespaceOf(Pid, "pid") == _pidNamespace)
        {
            // SIGRTMIN+4: orderly poweroff (stop all units, then systemd-shutdown kills the rest and
            // calls reboot(), which in a pid namespace just ends that namespace).
            ProcessSignals.Send(Pid, ProcessSignals.SystemdPoweroff);
            if (!await WaitGoneUnstickingAsync(Pid, StopTimeout))
            {
                // SIGKILL to a pid namespace's init makes the kernel kill everything inside.
                ProcessSignals.Send(Pid, ProcessSignals.Kill);
                await WaitGoneUnstickingAsync(Pid, TimeSpan.FromSeconds(5));
            }
        }
        // unshare and script exit by themselves once PID 1 is gone.
        foreach (var (pid, comm) in new[] { (_unsharePid, "unshare"), (_script.Id, "script") })
        {
            if (IsAlive(pid) && ReadOrNull($"/proc/{pid}/comm")?.Trim() == comm && !await WaitGoneAsync(pid, TimeSpan.FromSeconds(5)))
                ProcessSignals.Send(pid, ProcessSignals.Kill);
        }
        await _script.WaitForExitAsync(CancellationToken.None);
        _script.Dispose();
        // Whatever is still in our namespaces (nsenter parents outside the pid namespace) keeps
        // them alive: let it go by itself, then end it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        for (var round = 0; Members() is { Count: > 0 } rest && DateTime.UtcNow < deadline; round++)
        {
            Unstick(rest);
            if (round >= 20)
                rest.ForEach(pid => ProcessSignals.Send(pid, ProcessSignals.Kill));
            await Task.Delay(100);
        }
        var left = await RemoveCgroupsAsync(_hierarchies, CgroupName);
        Directory.Delete(StateDirectory, recursive: true);
        if (!Directory.EnumerateFileSystemEntries(StateRoot).Any())
            Directory.Delete(StateRoot);
        if (left.Count > 0)
            throw new InvalidOperationException($"systemd-ns {Name}: cgroups not removable: {string.Join(", ", left)}");
    }

    internal static bool IsAlive(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        return stat is not null && !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }

    internal static int? FirstChild(int pid) =>
        ReadOrNull($"/proc/{pid}/task/{pid}/children")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            ? int.Parse(first, CultureInfo.InvariantCulture)
            : null;

    private static bool IsUnifiedHost(IReadOnlyList<HostCgroupHierarchy> hierarchies) =>
        hierarchies.Any(h => h.Type == "cgroup2" && h.MountPoint == "/sys/fs/cgroup");

    private static Process LaunchScript(string name, string state, string cgroup, string systemd, IReadOnlyList<HostCgroupHierarchy> hierarchies)
    {
        // As the harness: setsid script(1) -> unshare -> [new namespaces] the inner stages, which
        // exec systemd. script(1) gives the namespace a pty for /dev/console and copies it into
        // console.log; setsid and closed fds keep it apart from the test process's terminal and files.
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
        foreach (var argument in (string[])["-c",
                     """for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null; exec setsid script --quiet --flush --return --command "$1" "$2" < /dev/null > /dev/null 2>> "$3" """,
                     "sdns-launch",
                     "exec unshare --pid --fork --mount --uts --ipc --propagation private --mount-proc -- /bin/bash -c \"$SDNS_INNER\" sdns-inner stage1",
                     Path.Combine(state, "console.log"), Path.Combine(state, "init.log")])
            start.ArgumentList.Add(argument);
        start.Environment["SDNS_NAME"] = name;
        start.Environment["SDNS_STATE_DIR"] = state;
        start.Environment["SDNS_CGROUP"] = cgroup;
        start.Environment["SDNS_CGROUP_MODE"] = IsUnifiedHost(hierarchies) ? "unified" : "hybrid";
        start.Environment["SDNS_EXTRA_DEVICES"] = "fuse net/tun";
        start.Environment["SDNS_SYSTEMD"] = systemd;
        start.Environment["SDNS_JOURNAL"] = "0";
        start.Environment["SDNS_INNER"] = SystemdInnerStages.Script;
        start.Environment["SHELL"] = "/bin/sh";
        return Process.Start(start) ?? throw new InvalidOperationException("systemd-ns: bash did not start");
    }

    private static async Task<(int Unshare, int Init)> WaitForInitAsync(Process script, string state, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline && !script.HasExited)
        {
            if (FirstChild(script.Id) is { } unshare && FirstChild(unshare) is { } init)
                return (unshare, init);
            await Task.Delay(10, cancellationToken);
        }
        throw new InvalidOperationException("systemd-ns: namespace init did not start: " + ReadOrNull(Path.Combine(state, "init.log")) + ReadOrNull(Path.Combine(state, "console.log")));
    }

    private async Task WaitUntilRunningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        string? systemState = null;
        while (DateTime.UtcNow < deadline && IsAlive(Pid))
        {
            if (File.Exists($"/proc/{Pid}/root{InnerBus}"))
            {
                try
                {
                    await using var bus = ConnectBus(TimeSpan.FromSeconds(2));
                    var value = await bus.GetPropertyAsync("org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                        "org.freedesktop.systemd1.Manager", "SystemState", cancellationToken);
                    systemState = value.GetString();
                    if (systemState is "running" or "degraded")
                        return;
                }
                catch (DBusException)
                {
                    // Not up yet: the bus accepts before systemd has taken its name.
                }
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException($"systemd-ns {Name}: systemd did not come up (state '{systemState ?? "none"}'); console log:\n{Tail(ConsoleLog())}");
    }

    /// <summary>An instance whose test process died without stopping it: its init killed (which ends its pid namespace), its cgroups removed.</summary>
    private static async Task CleanUpLeftoverAsync(string state, string cgroup, IReadOnlyList<HostCgroupHierarchy> hierarchies)
    {
        if (Directory.Exists(state))
        {
            if (int.TryParse(ReadOrNull(Path.Combine(state, "pid")), out var pid) && IsAlive(pid)
                && NamespaceOf(pid, "pid") == ReadOrNull(Path.Combine(state, "pidns")))
            {
                ProcessSignals.Send(pid, ProcessSignals.Kill);
                await WaitGoneAsync(pid, TimeSpan.FromSeconds(10));
            }
            Directory.Delete(state, recursive: true);
        }
        var left = await RemoveCgroupsAsync(hierarchies, cgroup);
        if (left.Count > 0)
            throw new InvalidOperationException($"systemd-ns: cgroups left over and busy: {string.Join(", ", left)}");
    }

    private static void MakeCgroups(IReadOnlyList<HostCgroupHierarchy> hierarchies, string cgroup)
    {
        foreach (var hierarchy in hierarchies)
        {
            var directory = Path.Combine(hierarchy.MountPoint, cgroup);
            Directory.CreateDirectory(directory);
            if (hierarchy.Options.Split(',').Contains("cpuset"))
            {
                File.WriteAllText(Path.Combine(directory, "cpuset.cpus"), File.ReadAllText(Path.Combine(hierarchy.MountPoint, "cpuset.cpus")));
                File.WriteAllText(Path.Combine(directory, "cpuset.mems"), File.ReadAllText(Path.Combine(hierarchy.MountPoint, "cpuset.mems")));
            }
        }
    }

    /// <summary>Removes the parent cgroup and everything below it from every hierarchy; returns those still there after 5 s.</summary>
    private static async Task<List<string>> RemoveCgroupsAsync(IReadOnlyList<HostCgroupHierarchy> hierarchies, string cgroup)
    {
        var left = new List<string>();
        foreach (var top in hierarchies.Select(h => Path.Combine(h.MountPoint, cgroup)).Where(Directory.Exists))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (Directory.Exists(top) && DateTime.UtcNow < deadline)
            {
                // Deepest first: a cgroup directory goes only once empty, and only with rmdir.
                foreach (var directory in Directory.EnumerateDirectories(top, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(top))
                {
                    try
                    {
                        Directory.Delete(directory);
                    }
                    catch (IOException)
                    {
                        // Busy (tasks still leaving) or gone already; retried below.
                    }
                }
                if (Directory.Exists(top))
                    await Task.Delay(100);
            }
            if (Directory.Exists(top))
                left.Add(top);
        }
        return left;
    }

    /// <summary>Host PIDs of processes in our pid or mount namespace.</summary>
    private List<int> Members()
    {
        var members = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
                continue;
            if (NamespaceOf(pid, "pid") == _pidNamespace || NamespaceOf(pid, "mnt") == _mountNamespace)
                members.Add(pid);
        }
        return members;
    }

    /// <summary>SIGCONT to stopped members: nsenter parents stop with their child when systemd-shutdown stops it.</summary>
    private static void Unstick(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            var stat = ReadOrNull($"/proc/{pid}/stat");
            if (stat is not null && stat[(stat.LastIndexOf(')') + 2)..].StartsWith('T'))
                ProcessSignals.Send(pid, ProcessSignals.Continue);
        }
    }

    /// <summary>
    /// Waits for <paramref name="pid"/> to end, continuing stopped members every half second:
    /// systemd-shutdown stops every process inside, and an nsenter parent outside then stops too
    /// and never reaps its child, which would hold the dying namespace.
    /// </summary>
    private async Task<bool> WaitGoneUnstickingAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await WaitGoneAsync(pid, TimeSpan.FromMilliseconds(500)))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            Unstick(Members());
        }
        return true;
    }

    private static async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(50);
        }
        return true;
    }

    private static string? NamespaceOf(int pid, string kind)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/{kind}").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
