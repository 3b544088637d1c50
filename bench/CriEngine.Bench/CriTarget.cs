using System.Globalization;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Bench;

/// <summary>
/// A CRI runtime as the footprint benchmark drives it, the engine or its peer alike: one client
/// on its socket (as a kubelet holds one), its daemon's PID for /proc, and how pods and their
/// one busybox container are made there.
/// </summary>
internal sealed class CriTarget(string name, GrpcClient client, int pid, string busyboxImage, Func<string, PodSandboxConfig> podConfig)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(2);
    private int _pods;

    public string Name => name;

    public GrpcClient Client => client;

    /// <summary>RunPodSandbox, then CreateContainer + StartContainer of a sleeping busybox; the times go to the lists given.</summary>
    public async Task<(string Pod, string Container)> RunAsync(List<double>? runPod = null, List<double>? createStart = null)
    {
        var config = podConfig($"fp-{Interlocked.Increment(ref _pods)}");
        var pod = await Timing.MeasureAsync(runPod ?? [], async () =>
            (await client.UnaryAsync(PodTestBed.Runtime + "RunPodSandbox", new RunPodSandboxRequest { Config = config }, RunPodSandboxResponse.Parser, CallTimeout)).PodSandboxId);
        var container = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = "c" },
            Image = new ImageSpec { Image = busyboxImage },
            Command = { "sleep", "100000" },
            LogPath = "c.log",
        };
        var id = await Timing.MeasureAsync(createStart ?? [], async () =>
        {
            var created = await client.UnaryAsync(PodTestBed.Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = pod, Config = container, SandboxConfig = config }, CreateContainerResponse.Parser, CallTimeout);
            await client.UnaryAsync(PodTestBed.Runtime + "StartContainer", new StartContainerRequest { ContainerId = created.ContainerId }, StartContainerResponse.Parser, CallTimeout);
            return created.ContainerId;
        });
        return (pod, id);
    }

    /// <summary>The rest of a lifecycle as the kubelet ends it: StopContainer (no grace), RemoveContainer, StopPodSandbox, RemovePodSandbox.</summary>
    public async Task RemoveAsync((string Pod, string Container) pod)
    {
        await client.UnaryAsync(PodTestBed.Runtime + "StopContainer", new StopContainerRequest { ContainerId = pod.Container, Timeout = 0 }, StopContainerResponse.Parser, CallTimeout);
        await client.UnaryAsync(PodTestBed.Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = pod.Container }, RemoveContainerResponse.Parser, CallTimeout);
        await client.UnaryAsync(PodTestBed.Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod.Pod }, StopPodSandboxResponse.Parser, CallTimeout);
        await client.UnaryAsync(PodTestBed.Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod.Pod }, RemovePodSandboxResponse.Parser, CallTimeout);
    }

    public async Task LifecycleAsync() => await RemoveAsync(await RunAsync());

    public Task PullAsync() =>
        client.UnaryAsync(PodTestBed.Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = busyboxImage } }, PullImageResponse.Parser, CallTimeout);

    /// <summary>The daemon's resident memory in KiB, from /proc.</summary>
    public long RssKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    /// <summary>The daemon's CPU time so far (utime + stime), in seconds: /proc counts in USER_HZ, 100 a second on Linux.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the file; the first two (pid, comm) are cut off above.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
