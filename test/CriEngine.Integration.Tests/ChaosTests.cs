using System.Globalization;
using System.Text.Json;
using CriEngine.Api;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>
/// The daemon SIGKILLed at many points while pods and containers are made, started, stopped and
/// removed concurrently, then restarted: its records must match the node, every created
/// container must start, and once everything is removed nothing may be left on the node.
/// <c>make test</c> runs it at a size CI affords; <c>make bench BENCH=chaos</c> at full size
/// (<c>CRIENGINE_CHAOS_PODS</c>, <c>CRIENGINE_CHAOS_KILLS</c>).
/// </summary>
[Category("Integration")]
public sealed class ChaosTests
{
    private const string Runtime = PodTestBed.Runtime;

    private static readonly int PodCount = FromEnvironment("CRIENGINE_CHAOS_PODS", 4);
    private static readonly int KillCount = FromEnvironment("CRIENGINE_CHAOS_KILLS", 4);

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync();

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Killed_at_any_point_the_daemon_restarts_to_records_that_match_the_node()
    {
        await _bed.PullBusyboxAsync();
        var violations = new List<string>();
        var tried = new List<string>();
        for (var round = 0; round < KillCount; round++)
        {
            // Kill points alternate between creation and teardown, at a growing share of the pods.
            var share = Math.Max(1, (round / 2 + 1) * PodCount / (KillCount / 2 + 1));
            var point = round % 2 == 0 ? $"creation, after {share} of {PodCount} containers started" : $"teardown, after {share} of {PodCount} pods removed";
            tried.Add(point);
            if (round % 2 == 0)
                await KillDuringCreationAsync(round, share);
            else
                await KillDuringTeardownAsync(round, share);
            await _bed.RestartAfterCrashAsync();
            violations.AddRange((await RecordsAgainstNodeAsync()).Select(v => $"{point}: {v}"));
            if (round % 2 == 0)
                violations.AddRange((await PullAgainAsync(round)).Select(v => $"{point}: {v}"));
            violations.AddRange((await RemoveEverythingAsync()).Select(v => $"{point}: {v}"));
        }

        TestContext.Out.WriteLine($"chaos: {PodCount} pods, kill points tried: {tried.Count}");
        foreach (var point in tried)
            TestContext.Out.WriteLine($"  killed during {point}");
        TestContext.Out.WriteLine($"chaos: violations: {violations.Count}");
        foreach (var violation in violations)
            TestContext.Out.WriteLine($"  {violation}");
        Assert.That(violations, Is.Empty);
    }

    private async Task KillDuringCreationAsync(int round, int startedBeforeKill)
    {
        var started = 0;
        var client = _bed.Client;
        // A pull of an image of its own in the middle of it all: cut, it must leave nothing a later pull trusts.
        var image = await _bed.Registry.PushAsync("test/chaos", round.ToString(CultureInfo.InvariantCulture), await new TestImageBuilder().WithBusybox().WithRandomLayer(8).BuildAsync());
        var pull = Task.Run(() => client.UnaryAsync(PodTestBed.Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = image.Reference } }, PullImageResponse.Parser, TimeSpan.FromMinutes(2)));
        var work = Enumerable.Range(0, PodCount).Select(i => Task.Run(async () =>
        {
            var podConfig = _bed.PodConfig($"chaos-{round}-{i}");
            var pod = (await client.UnaryAsync(Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = podConfig }, RunPodSandboxResponse.Parser, TimeSpan.FromMinutes(2))).PodSandboxId;
            var config = _bed.ContainerConfig("c", "sleep", "1000");
            var id = (await client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = config, SandboxConfig = podConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;
            await client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser, TimeSpan.FromMinutes(1));
            Interlocked.Increment(ref started);
        })).Append(pull).ToList();
        await Eventually.TrueAsync(() => Volatile.Read(ref started) >= startedBeforeKill || work.All(t => t.IsCompleted), TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(5));
        await _bed.Daemon.KillAsync();
        await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>The image whose pull the kill may have cut: listed only if whole, and pulled again, it runs.</summary>
    private async Task<List<string>> PullAgainAsync(int round)
    {
        var violations = new List<string>();
        var reference = $"{_bed.Registry.Host}/test/chaos:{round}";
        try
        {
            await _bed.Client.UnaryAsync(PodTestBed.Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = reference } }, PullImageResponse.Parser, TimeSpan.FromMinutes(2));
            var podConfig = _bed.PodConfig($"chaos-pull-{round}");
            var pod = await _bed.RunPodAsync(podConfig);
            var config = _bed.ContainerConfig("c", "true");
            config.Image = new ImageSpec { Image = reference };
            var id = await _bed.RunContainerAsync(pod, podConfig, config);
            if (!await Eventually.TrueAsync(async () => (await _bed.ContainerStatusAsync(id)).State == ContainerState.ContainerExited, TimeSpan.FromSeconds(30))
                || (await _bed.ContainerStatusAsync(id)).ExitCode != 0)
                violations.Add($"a container of {reference} pulled again did not run to exit code 0");
        }
        catch (Exception e)
        {
            violations.Add($"pulling {reference} again and running it failed: {e.Message}");
        }
        return violations;
    }

    private async Task KillDuringTeardownAsync(int round, int removedBeforeKill)
    {
        for (var i = 0; i < PodCount; i++)
        {
            var podConfig = _bed.PodConfig($"chaos-{round}-{i}");
            var pod = await _bed.RunPodAsync(podConfig);
            await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("c", "sleep", "1000"));
        }
        var pods = (await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser)).Items.Select(p => p.Id).ToList();
        var removed = 0;
        var client = _bed.Client;
        var work = pods.Select(pod => Task.Run(async () =>
        {
            await client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
            await client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
            Interlocked.Increment(ref removed);
        })).ToList();
        await Eventually.TrueAsync(() => Volatile.Read(ref removed) >= removedBeforeKill || work.All(t => t.IsCompleted), TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(5));
        await _bed.Daemon.KillAsync();
        await Task.WhenAll(work.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>What the restarted daemon says against what runc says; created containers must start.</summary>
    private async Task<List<string>> RecordsAgainstNodeAsync()
    {
        var violations = new List<string>();
        var runtime = await RuntimeStatesAsync();
        var containers = (await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers;
        var pods = (await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser)).Items;
        foreach (var container in containers)
        {
            var actual = runtime.GetValueOrDefault(container.Id, "absent");
            var expected = container.State switch
            {
                ContainerState.ContainerCreated => ["created"],
                ContainerState.ContainerRunning => ["running"],
                _ => new[] { "stopped", "absent" },
            };
            if (!expected.Contains(actual))
                violations.Add($"container {container.Id[..12]} listed {container.State}, runc says {actual}");
        }
        foreach (var pod in pods)
        {
            var actual = runtime.GetValueOrDefault(pod.Id, "absent");
            if ((pod.State == PodSandboxState.SandboxReady) != (actual == "running"))
                violations.Add($"pod {pod.Id[..12]} listed {pod.State}, its infra container is {actual} in runc");
        }
        var recorded = containers.Select(c => c.Id).Concat(pods.Select(p => p.Id)).ToHashSet();
        violations.AddRange(runtime.Keys.Where(id => !recorded.Contains(id)).Select(id => $"runc container {id[..12]} ({runtime[id]}) has no record"));
        foreach (var created in containers.Where(c => c.State == ContainerState.ContainerCreated))
        {
            try
            {
                await _bed.Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = created.Id }, StartContainerResponse.Parser, TimeSpan.FromMinutes(1));
            }
            catch (Exception e)
            {
                violations.Add($"StartContainer of created container {created.Id[..12]} failed: {e.Message}");
            }
        }
        return violations;
    }

    /// <summary>Removes every pod through the daemon, then looks for anything left on the node.</summary>
    private async Task<List<string>> RemoveEverythingAsync()
    {
        var violations = new List<string>();
        foreach (var pod in (await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser)).Items)
            await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod.Id }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        var containers = (await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers;
        violations.AddRange(containers.Select(c => $"container {c.Id[..12]} still listed after its pod was removed"));
        violations.AddRange((await RuntimeStatesAsync()).Select(c => $"runc container {c.Key[..12]} ({c.Value}) left"));
        violations.AddRange(File.ReadAllLines("/proc/self/mountinfo").Where(line => line.Contains(_bed.Directory.Path, StringComparison.Ordinal)).Select(line => $"mount left: {line.Split(' ')[4]}"));
        var netns = Path.Combine(_bed.Layout.Namespaces, "netns");
        if (Directory.Exists(netns))
            violations.AddRange(Directory.GetFiles(netns).Select(file => $"network namespace left: {file}"));
        violations.AddRange(Monitors().Select(pid => $"monitor {pid} left"));
        var cgroups = "/sys/fs/cgroup/memory" + _bed.CgroupParent;
        if (Directory.Exists(cgroups))
            violations.AddRange(Directory.GetDirectories(cgroups, "*", SearchOption.AllDirectories).Select(d => $"cgroup left: {d}"));
        violations.AddRange(_bed.Network.Leases().Select(lease => $"IPAM lease left: {lease}"));
        violations.AddRange((await _bed.Network.NodeInterfacesAsync()).Where(name => name.StartsWith("veth", StringComparison.Ordinal)).Select(name => $"veth left: {name}"));
        return violations;
    }

    /// <summary>Every container runc keeps for the daemon, by ID, with its status.</summary>
    private async Task<Dictionary<string, string>> RuntimeStatesAsync()
    {
        var json = (await _bed.RuncAsync("list", "--format", "json")).Trim();
        if (json is "" or "null")
            return [];
        return JsonDocument.Parse(json).RootElement.EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("status").GetString()!);
    }

    /// <summary>Processes other than the daemon that name the test's directory: monitors, whose command lines hold their bundles.</summary>
    private IEnumerable<int> Monitors()
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), CultureInfo.InvariantCulture, out var pid) || pid == _bed.DaemonPid || pid == Environment.ProcessId)
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(proc, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            if (commandLine.Contains(_bed.Directory.Path, StringComparison.Ordinal) && !commandLine.Contains(DaemonProcess.PublishedDaemon ?? DaemonProcess.DaemonAssembly, StringComparison.Ordinal))
                yield return pid;
        }
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
