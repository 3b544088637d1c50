using CriEngine.Cgroups.Systemd;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Systemd;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus.Tests.Integration;

/// <summary>
/// <see cref="SystemdManager"/> against systemd 252 in its namespaces; limits are checked in the
/// cgroup files systemd wrote (the host's view of its hierarchies: v1 controllers here).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TransientUnitTests
{
    private DBusClient _bus = null!;
    private SystemdManager _systemd = null!;
    private readonly List<NamespaceProcess> _processes = [];
    private readonly List<string> _units = [];

    private static SystemdInNamespaces Instance => SystemdBus.Instance;

    [SetUp]
    public void Connect()
    {
        _bus = Instance.ConnectBus();
        _systemd = new SystemdManager(_bus);
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        // Scopes before the slices that hold them.
        foreach (var unit in Enumerable.Reverse(_units))
        {
            await _systemd.StopUnitAsync(unit);
            try
            {
                await _bus.CallAsync(SystemdBus.ManagerCall("ResetFailedUnit").WithStrings(unit), CancellationToken.None);
            }
            catch (DBusException)
            {
                // Not failed, or unloaded already.
            }
        }
        foreach (var process in _processes)
            await process.DisposeAsync();
        _units.Clear();
        _processes.Clear();
        await _bus.DisposeAsync();
    }

    [Test]
    public async Task Slice_gets_its_limits_in_the_cgroup_files_systemd_made()
    {
        var slice = Unit("crtest-a.slice");
        await _systemd.StartTransientUnitAsync(slice, "replace",
        [
            SystemdUnitProperty.Description("criengine test slice"),
            SystemdUnitProperty.DefaultDependencies(false),
            SystemdUnitProperty.MemoryLimit(512UL << 20),
            SystemdUnitProperty.CpuShares(2048),
            SystemdUnitProperty.TasksMax(100),
        ]);
        var path = SystemdUnitName.ExpandSlice(slice);
        Assert.That(await _systemd.GetActiveStateAsync(slice), Is.EqualTo("active"));
        Assert.That(ReadCgroupFile(("memory", "memory.limit_in_bytes"), "memory.max", path), Is.EqualTo((512UL << 20).ToString()));
        Assert.That(ReadCgroupFile(("cpu", "cpu.shares"), "cpu.weight", path), Is.EqualTo(Instance.IsUnified ? "200" : "2048"));
        Assert.That(ReadCgroupFile(("pids", "pids.max"), "pids.max", path), Is.EqualTo("100"));
        Assert.That((await UnitPropertyAsync(slice, "Description")).GetString(), Is.EqualTo("criengine test slice"));
        Assert.That((await UnitPropertyAsync(slice, "DefaultDependencies")).GetBool(), Is.False);
    }

    [Test]
    public async Task Scope_takes_its_process_and_limits_in_its_slice()
    {
        var slice = Unit("crtest-b.slice");
        await _systemd.StartTransientUnitAsync(slice, "replace", [SystemdUnitProperty.DefaultDependencies(false)]);
        var sleeper = await StartSleeperAsync();
        var scope = Unit($"crtest-b-{sleeper.InnerPid}.scope");
        await _systemd.StartTransientUnitAsync(scope, "replace",
        [
            SystemdUnitProperty.Pids(sleeper.InnerPid),
            SystemdUnitProperty.Slice(slice),
            SystemdUnitProperty.Delegate(true),
            SystemdUnitProperty.DefaultDependencies(false),
            SystemdUnitProperty.MemoryMax(100UL << 20),
            SystemdUnitProperty.CpuWeight(50),
            SystemdUnitProperty.CpuQuotaPerSecUSec(250_000),
            SystemdUnitProperty.TasksMax(64),
        ]);
        var path = SystemdUnitName.ExpandSlice(slice) + "/" + scope;
        Assert.That(ReadCgroupFile(("memory", "cgroup.procs"), "cgroup.procs", path).Split('\n'), Does.Contain(sleeper.HostPid.ToString()));
        Assert.That(File.ReadAllText($"/proc/{sleeper.HostPid}/cgroup"), Does.Contain($"/{Instance.CgroupName}{path}\n"));
        Assert.That(ReadCgroupFile(("memory", "memory.limit_in_bytes"), "memory.max", path), Is.EqualTo((100UL << 20).ToString()));
        Assert.That(ReadCgroupFile(("cpu", "cpu.shares"), "cpu.weight", path), Is.EqualTo(Instance.IsUnified ? "50" : "512"),
            "on v1, CPUWeight 50 is half the default 1024 shares");
        Assert.That(ReadCgroupFile(("cpu", "cpu.cfs_quota_us"), "cpu.max", path), Is.EqualTo(Instance.IsUnified ? "25000 100000" : "25000"),
            "25% of the 100 ms period");
        Assert.That(ReadCgroupFile(("pids", "pids.max"), "pids.max", path), Is.EqualTo("64"));
        Assert.That((await UnitPropertyAsync(scope, "Delegate", "org.freedesktop.systemd1.Scope")).GetBool(), Is.True);
        Assert.That((await UnitPropertyAsync(scope, "ControlGroup", "org.freedesktop.systemd1.Scope")).GetString(), Is.EqualTo(path));
    }

    [Test]
    public async Task Stopping_a_scope_ends_its_process_and_removes_its_cgroup()
    {
        var sleeper = await StartSleeperAsync();
        var scope = Unit($"crtest-stop-{sleeper.InnerPid}.scope");
        await _systemd.StartTransientUnitAsync(scope, "replace", [SystemdUnitProperty.Pids(sleeper.InnerPid)]);
        var directory = CgroupDirectory(Instance.IsUnified ? "" : "pids", "/system.slice/" + scope);
        Assert.That(Directory.Exists(directory), Is.True, directory);

        await _systemd.StopUnitAsync(scope);

        Assert.That(await Eventually.TrueAsync(() => !sleeper.IsAlive, TimeSpan.FromSeconds(10)), Is.True, "the scope's process is killed");
        Assert.That(await Eventually.TrueAsync(() => !Directory.Exists(directory), TimeSpan.FromSeconds(10)), Is.True, $"{directory} is removed");
        Assert.That(await _systemd.UnitExistsAsync(scope), Is.False);
        Assert.That(await _systemd.GetActiveStateAsync(scope), Is.Null);
    }

    [Test]
    public async Task Stopping_a_slice_removes_its_cgroups_in_every_hierarchy()
    {
        var slice = Unit("crtest-c.slice");
        await _systemd.StartTransientUnitAsync(slice, "replace",
            [SystemdUnitProperty.MemoryLimit(64UL << 20), SystemdUnitProperty.CpuShares(512), SystemdUnitProperty.TasksMax(10)]);
        var hierarchies = Instance.IsUnified ? [""] : new[] { "memory", "pids", "cpu" };
        var directories = hierarchies.Select(h => CgroupDirectory(h, SystemdUnitName.ExpandSlice(slice))).ToList();
        Assert.That(directories.Count(Directory.Exists), Is.EqualTo(hierarchies.Length), string.Join(", ", directories));
        await _systemd.StopUnitAsync(slice);
        Assert.That(await Eventually.TrueAsync(() => !directories.Any(Directory.Exists), TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task Failed_job_is_an_error_naming_the_unit_and_stopping_the_failed_unit_unloads_it()
    {
        var service = Unit("crtest-fails.service");
        var error = Assert.ThrowsAsync<RpcException>(() => _systemd.StartTransientUnitAsync(service, "replace",
        [
            new SystemdUnitProperty("Type", VariantValue.String("oneshot")),
            new SystemdUnitProperty("ExecStart", new Array<Struct<string, Array<string>, bool>> { Struct.Create("/bin/false", new Array<string> { "/bin/false" }, false) }),
        ]));
        Assert.That(error!.Message, Is.EqualTo("systemd: unit crtest-fails.service: start job failed"));
        Assert.That(await _systemd.GetActiveStateAsync(service), Is.EqualTo("failed"));

        await _systemd.StopUnitAsync(service);

        Assert.That(await _systemd.GetActiveStateAsync(service), Is.Null, "stopping a failed unit also unloads it");
    }

    [Test]
    public async Task Starting_a_unit_that_exists_is_AlreadyExists()
    {
        var slice = Unit("crtest-d.slice");
        await _systemd.StartTransientUnitAsync(slice, "replace", []);
        var error = Assert.ThrowsAsync<RpcException>(() => _systemd.StartTransientUnitAsync(slice, "replace", []));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.AlreadyExists));
        Assert.That(error.Message, Does.Contain("crtest-d.slice"));
    }

    [Test]
    public void Scope_without_processes_is_refused_by_systemd_naming_the_unit()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _systemd.StartTransientUnitAsync(Unit("crtest-empty.scope"), "replace", []));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Message, Does.StartWith("systemd: unit crtest-empty.scope: start: org.freedesktop.DBus.Error."));
    }

    [Test]
    public async Task Stopping_an_unknown_unit_succeeds()
    {
        await _systemd.StopUnitAsync("crtest-never-started.scope");
        Assert.That(await _systemd.UnitExistsAsync("crtest-never-started.scope"), Is.False);
    }

    [Test]
    public void Invalid_unit_name_is_refused_before_any_call()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _systemd.StartTransientUnitAsync("no suffix", "replace", []));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    private async Task<VariantValue> UnitPropertyAsync(string unit, string property, string @interface = SystemdManager.UnitInterface)
    {
        var path = await _bus.CallAsync(SystemdBus.ManagerCall("GetUnit").WithStrings(unit), SystemdBus.ReadObjectPath, CancellationToken.None);
        return await _bus.GetPropertyAsync(SystemdBus.Systemd, path, @interface, property, CancellationToken.None);
    }

    private static string CgroupDirectory(string hierarchy, string path) => Instance.CgroupRoot(hierarchy) + path;

    /// <summary>A cgroup file systemd wrote: the v1 hierarchy and file, or on a cgroup2-only host the v2 file.</summary>
    private static string ReadCgroupFile((string Hierarchy, string File) v1, string v2File, string path) =>
        File.ReadAllText(Instance.IsUnified
            ? Path.Combine(CgroupDirectory("", path), v2File)
            : Path.Combine(CgroupDirectory(v1.Hierarchy, path), v1.File)).Trim();

    private async Task<NamespaceProcess> StartSleeperAsync()
    {
        var process = await Instance.StartInsideAsync(["sleep", "300"]);
        _processes.Add(process);
        return process;
    }

    private string Unit(string name)
    {
        _units.Add(name);
        return name;
    }
}
