using CriEngine.TestSupport.Monitors;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Containers;

namespace CriEngine.Crimon.Tests.Containers;

/// <summary>
/// Real busybox containers on runc, created through the published crimon exactly as the engine
/// creates them through conmon (<see cref="MonitorLauncher"/>, <see cref="ExecSyncRunner"/>), in a
/// <see cref="ContainerTestEnvironment"/> that removes everything after each test.
/// </summary>
[Category("Integration")]
public abstract class CrimonTestBase
{
    public const string RuncPath = "/usr/sbin/runc";

    public static string CrimonPath => TestMonitors.Crimon;

    protected static MonitorProgram Monitor { get; } = new(CrimonPath, ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);

    protected ContainerTestEnvironment Environment { get; private set; } = null!;

    protected OciRuntime Runtime { get; private set; } = null!;

    protected MonitorLauncher Launcher { get; private set; } = null!;

    [SetUp]
    public void CreateEnvironment()
    {
        Environment = new ContainerTestEnvironment(RuncPath);
        Runtime = new OciRuntime(new OciRuntimeHandler(RuncPath, Environment.RuntimeRoot));
        Launcher = new MonitorLauncher(Runtime, Monitor, new TestLogger());
    }

    [TearDown]
    public async Task RemoveEnvironment()
    {
        if (Environment is not null)
            await Environment.DisposeAsync();
    }

    protected async Task<MonitoredContainer> CreateAsync(string containerId, Func<ContainerMonitorRequest, ContainerMonitorRequest>? adjust = null)
    {
        var request = RequestFor(containerId);
        var created = await Launcher.CreateContainerAsync(adjust is null ? request : adjust(request));
        Environment.TrackMonitor(created.MonitorPid);
        return created;
    }

    /// <summary>A container with a new ID running <paramref name="args"/>, created and started.</summary>
    protected async Task<(string Id, MonitoredContainer Container)> RunAsync(params string[] args)
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, args);
        var container = await CreateAsync(id);
        await Runtime.StartAsync(id);
        return (id, container);
    }

    protected ContainerMonitorRequest RequestFor(string containerId) =>
        new(containerId, "test-" + containerId, Environment.BundleDirectory(containerId), Environment.BundleDirectory(containerId),
            Environment.LogPath(containerId), Environment.ExitDirectory, Environment.SocketDirectory);

    /// <summary>Waits for the container's exit file and returns the code in it.</summary>
    protected async Task<int> ExitCodeAsync(string containerId, TimeSpan? timeout = null)
    {
        var path = MonitorPaths.ExitFile(Environment.ExitDirectory, containerId);
        Assert.That(await Eventually.TrueAsync(() => File.Exists(path), timeout ?? TimeSpan.FromSeconds(10)), Is.True, $"exit file {path} written");
        return int.Parse(File.ReadAllText(path));
    }

    /// <summary>Gone, or a zombie: its state letter follows the parenthesised command in /proc/PID/stat.</summary>
    protected static bool IsDead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
