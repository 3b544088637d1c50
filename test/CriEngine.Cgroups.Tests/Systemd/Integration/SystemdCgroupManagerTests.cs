using CriEngine.Cgroups.Systemd;
using CriEngine.DBus;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Systemd;
using Tmds.DBus.Protocol;

namespace CriEngine.Cgroups.Tests.Systemd.Integration;

/// <summary>
/// <see cref="SystemdCgroupManager"/> against systemd 252 in its namespaces: the monitor's scope
/// it starts, the scopes it stops, the stats it reads from the cgroups systemd made (seen from
/// the host, below systemd's root in each hierarchy).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SystemdCgroupManagerTests
{
    private const string Slice = "crtest-pod1.slice";
    private DBusClient _bus = null!;
    /// <summary>Ids of this test's own: systemd may still hold a stopped unit of an earlier test for a moment.</summary>
    private string _c1 = null!;
    private string _c2 = null!;
    private SystemdManager _systemd = null!;
    private SystemdCgroupManager _manager = null!;
    private readonly List<NamespaceProcess> _processes = [];

    private static SystemdInNamespaces Instance => SystemdForCgroups.Instance;

    [SetUp]
    public void SetUp()
    {
        _bus = Instance.ConnectBus();
        _systemd = new SystemdManager(_bus);
        _manager = new SystemdCgroupManager(SystemdForCgroups.Layout(), _systemd, new TestLogger());
        _c1 = "c1" + Guid.NewGuid().ToString("N")[..8];
        _c2 = "c2" + Guid.NewGuid().ToString("N")[..8];
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var unit in new[] { SystemdCgroupManager.MonitorScopeName(_c1), SystemdCgroupManager.MonitorScopeName(_c2), SystemdCgroupManager.ScopeName(_c1), "crtest-pod1.slice", "crtest.slice" })
        {
            await _systemd.StopUnitAsync(unit);
            try
            {
                await _bus.CallAsync(ManagerCall("ResetFailedUnit").WithStrings(unit), CancellationToken.None);
            }
            catch (DBusException)
            {
                // Not failed, or unloaded already.
            }
        }
        foreach (var process in _processes)
            await process.DisposeAsync();
        _processes.Clear();
        await _bus.DisposeAsync();
    }

    [Test]
    public async Task Monitor_with_cgroup_pod_gets_a_delegated_scope_in_the_pods_slice()
    {
        var monitor = await SleeperAsync();
        var pod = _manager.PodCgroupFor("p1", Slice);

        var path = await _manager.MoveMonitorAsync(pod, _c1, "pod", (int)monitor.InnerPid);

        Assert.That(path, Is.EqualTo($"/crtest.slice/crtest-pod1.slice/crio-conmon-{_c1}.scope"));
        Assert.That(await _systemd.GetActiveStateAsync(SystemdCgroupManager.MonitorScopeName(_c1)), Is.EqualTo("active"), "the call returns once the start job is done");
        Assert.That(CgroupsOf(monitor.HostPid), Does.Contain(path), "the monitor is in the scope");
        Assert.That((await ScopePropertyAsync(SystemdCgroupManager.MonitorScopeName(_c1), "Delegate")).GetBool(), Is.True);
        Assert.That((await ScopePropertyAsync(SystemdCgroupManager.MonitorScopeName(_c1), "KillSignal")).GetInt32(), Is.EqualTo(13), "SIGPIPE, which conmon ignores");
        Assert.That((await UnitPropertyAsync(SystemdCgroupManager.MonitorScopeName(_c1), "DefaultDependencies")).GetBool(), Is.False);
    }

    [Test]
    public async Task Monitor_with_a_slice_as_cgroup_goes_into_that_slice()
    {
        var monitor = await SleeperAsync();

        var path = await _manager.MoveMonitorAsync(_manager.PodCgroupFor("p1", Slice), _c2, "crtest.slice", (int)monitor.InnerPid);

        Assert.That(path, Is.EqualTo($"/crtest.slice/crio-conmon-{_c2}.scope"));
        Assert.That(CgroupsOf(monitor.HostPid), Does.Contain(path));
    }

    [Test]
    public async Task Removing_a_container_stops_its_monitors_scope_and_again_is_fine()
    {
        var monitor = await SleeperAsync();
        var pod = _manager.PodCgroupFor("p1", Slice);
        await _manager.MoveMonitorAsync(pod, _c1, "pod", (int)monitor.InnerPid);

        await _manager.RemoveContainerCgroupsAsync(pod, _c1);
        await _manager.RemoveContainerCgroupsAsync(pod, _c1);

        // A process that ignores SIGPIPE, as conmon does (and as this one inherits from the test
        // process), outlives the kill signal and is killed when the stop times out: "failed".
        Assert.That(await _systemd.GetActiveStateAsync(SystemdCgroupManager.MonitorScopeName(_c1)), Is.Null.Or.EqualTo("inactive").Or.EqualTo("failed"));
        Assert.That(await Eventually.TrueAsync(() => !monitor.IsAlive, TimeSpan.FromSeconds(10)), Is.True, "stopping the scope ended its process");
    }

    [Test]
    public async Task Container_stats_come_from_the_scope_the_runtime_started_and_removing_the_pod_stops_it()
    {
        var container = await SleeperAsync();
        // What runc's systemd driver does for cgroupsPath "crtest-pod1.slice:crio:c1".
        await _systemd.StartTransientUnitAsync(SystemdCgroupManager.ScopeName(_c1), "replace",
            [SystemdUnitProperty.Slice(Slice), SystemdUnitProperty.Pids(container.InnerPid), SystemdUnitProperty.Delegate(true), SystemdUnitProperty.MemoryLimit(64UL << 20)]);
        var pod = _manager.PodCgroupFor("p1", Slice);

        var stats = await _manager.ReadContainerStatsAsync(pod, _c1);
        var podStats = await _manager.ReadPodStatsAsync(pod);

        Assert.That(stats.ProcessCount, Is.EqualTo(1UL));
        Assert.That(stats.Memory!.LimitBytes, Is.EqualTo(64UL << 20));
        Assert.That(podStats.ProcessCount, Is.EqualTo(1UL), "the slice holds the container");

        await _manager.RemovePodCgroupsAsync(pod, [_c1]);

        Assert.That(await _systemd.GetActiveStateAsync(SystemdCgroupManager.ScopeName(_c1)), Is.Null.Or.EqualTo("inactive"));
        Assert.That(await Eventually.TrueAsync(() => !container.IsAlive, TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task Monitor_scope_for_a_process_that_is_gone_fails_naming_the_unit()
    {
        var monitor = await SleeperAsync();
        var pid = (int)monitor.InnerPid;
        await monitor.DisposeAsync();
        _processes.Remove(monitor);

        var error = Assert.ThrowsAsync<RpcException>(() => _manager.MoveMonitorAsync(_manager.PodCgroupFor("p1", Slice), _c1, "pod", pid));

        Assert.That(error!.Message, Does.Contain(SystemdCgroupManager.MonitorScopeName(_c1)));
    }

    private async Task<NamespaceProcess> SleeperAsync()
    {
        var process = await Instance.StartInsideAsync(["sleep", "300"]);
        _processes.Add(process);
        return process;
    }

    private static string CgroupsOf(int hostPid) => File.ReadAllText($"/proc/{hostPid}/cgroup");

    private Task<VariantValue> ScopePropertyAsync(string unit, string property) => PropertyAsync(unit, "org.freedesktop.systemd1.Scope", property);

    private Task<VariantValue> UnitPropertyAsync(string unit, string property) => PropertyAsync(unit, SystemdManager.UnitInterface, property);

    private async Task<VariantValue> PropertyAsync(string unit, string @interface, string property)
    {
        var path = await _bus.CallAsync(ManagerCall("GetUnit").WithStrings(unit), static (reply, _) => reply.GetBodyReader().ReadObjectPathAsString(), CancellationToken.None);
        return await _bus.GetPropertyAsync(SystemdManager.ServiceName, path, @interface, property, CancellationToken.None);
    }

    private static DBusMethodCall ManagerCall(string member) => new(SystemdManager.ServiceName, "/org/freedesktop/systemd1", SystemdManager.ManagerInterface, member);
}
