using System.Collections.Concurrent;
using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.TestSupport.Monitors;
using NUnit.Framework;

namespace CriEngine.TestSupport.Containers;

/// <summary>
/// Real containers for one runtime ("runc" or "crun"), created through one monitor ("conmon",
/// Debian's, or "crimon", the project's), in a <see cref="ContainerTestEnvironment"/> that cleans
/// up after every test. A runtime that cannot run a container on this machine is found by
/// trying, and its tests are skipped with its reason.
/// </summary>
[Category("Integration")]
public abstract class ContainerTestBase(string runtimeName, string monitorName)
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Refusals = new();

    protected string RuntimeName { get; } = runtimeName;

    /// <summary>The monitor's program name, as /proc shows it.</summary>
    protected string MonitorName { get; } = monitorName;

    protected ContainerTestEnvironment Environment { get; private set; } = null!;

    protected OciRuntime Runtime { get; private set; } = null!;

    protected MonitorLauncher Launcher { get; private set; } = null!;

    protected static string PathOf(string runtime) => runtime == "runc" ? "/usr/sbin/runc" : "/usr/bin/" + runtime;

    protected MonitorProgram Monitor => MonitorFor(MonitorName);

    [SetUp]
    public async Task CreateEnvironment()
    {
        var refusal = await Refusals.GetOrAdd(RuntimeName, name => new Lazy<Task<string?>>(() => ProbeAsync(name))).Value;
        if (refusal is not null)
        {
            TestContext.Progress.WriteLine($"skipped on {RuntimeName}: {refusal}");
            Assert.Ignore($"{RuntimeName} cannot run containers on this machine: {refusal}");
        }
        (Environment, Runtime, Launcher) = Open(RuntimeName, Monitor);
    }

    [TearDown]
    public async Task RemoveEnvironment()
    {
        if (Environment is not null)
            await Environment.DisposeAsync();
    }

    /// <summary>Creates container <paramref name="containerId"/> (its bundle made already) under the monitor, as the engine would.</summary>
    protected async Task<MonitoredContainer> CreateAsync(string containerId, Func<ContainerMonitorRequest, ContainerMonitorRequest>? adjust = null)
    {
        var request = RequestFor(Environment, containerId);
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

    /// <summary>Waits for the container's exit file and returns the code in it.</summary>
    protected async Task<int> ExitCodeAsync(string containerId, TimeSpan? timeout = null)
    {
        var path = MonitorPaths.ExitFile(Environment.ExitDirectory, containerId);
        Assert.That(await Eventually.TrueAsync(() => File.Exists(path), timeout ?? TimeSpan.FromSeconds(10)), Is.True, $"exit file {path} written");
        return int.Parse(File.ReadAllText(path), System.Globalization.CultureInfo.InvariantCulture);
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

    protected static ContainerMonitorRequest RequestFor(ContainerTestEnvironment environment, string containerId) =>
        new(containerId, "test-" + containerId, environment.BundleDirectory(containerId), environment.BundleDirectory(containerId),
            environment.LogPath(containerId), environment.ExitDirectory, environment.SocketDirectory);

    private static MonitorProgram MonitorFor(string monitorName) =>
        new(TestMonitors.PathOf(monitorName), ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);

    private static (ContainerTestEnvironment, OciRuntime, MonitorLauncher) Open(string runtimeName, MonitorProgram monitor)
    {
        var environment = new ContainerTestEnvironment(PathOf(runtimeName));
        var runtime = new OciRuntime(new OciRuntimeHandler(environment.RuntimePath, environment.RuntimeRoot));
        return (environment, runtime, new MonitorLauncher(runtime, monitor, new TestLogger()));
    }

    /// <summary>Whether the runtime runs a container here: null if it does, else what it said.</summary>
    private static async Task<string?> ProbeAsync(string runtimeName)
    {
        var (environment, runtime, launcher) = Open(runtimeName, MonitorFor("conmon"));
        await using (environment)
        {
            var id = environment.NewContainerId();
            environment.CreateBundle(id, "true");
            try
            {
                var created = await launcher.CreateContainerAsync(RequestFor(environment, id));
                environment.TrackMonitor(created.MonitorPid);
                await runtime.StartAsync(id);
                return null;
            }
            catch (RpcException e)
            {
                return e.Message;
            }
        }
    }
}
