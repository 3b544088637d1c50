using System.Diagnostics;
using CriEngine.Api;
using CriEngine.Server;
using CriEngine.TestSupport.Pods;
using Google.Protobuf;

namespace CriEngine.Integration.Tests;

/// <summary>The Stream* RPCs (feature gate CRIListStreaming) against their List* counterparts on the real daemon.</summary>
[Category("Integration")]
public sealed class ListStreamingTests
{
    private const string Runtime = PodTestBed.Runtime;
    private const string Images = PodTestBed.Images;

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp() => _bed = await PodTestBed.StartAsync();

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private async Task<List<TResponse>> StreamAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        var responses = new List<TResponse>();
        await foreach (var response in _bed.Client.ServerStreamingAsync(method, request, parser, TimeSpan.FromMinutes(1)))
            responses.Add(response);
        return responses;
    }

    [Test]
    public async Task Stream_rpcs_return_what_the_list_rpcs_return_under_the_same_filters()
    {
        await _bed.PullBusyboxAsync();
        var webConfig = _bed.PodConfig("web");
        var web = await _bed.RunPodAsync(webConfig);
        var jobConfig = _bed.PodConfig("job");
        var job = await _bed.RunPodAsync(jobConfig);
        var server = await _bed.RunContainerAsync(web, webConfig, _bed.ContainerConfig("server", "sleep", "1000"));
        var sidecarConfig = _bed.ContainerConfig("sidecar", "sleep", "1000");
        sidecarConfig.Labels["role"] = "sidecar";
        var sidecar = (await _bed.Client.UnaryAsync(Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = web, Config = sidecarConfig, SandboxConfig = webConfig }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;
        var worker = await _bed.RunContainerAsync(job, jobConfig, _bed.ContainerConfig("worker", "sleep", "1000"));

        PodSandboxFilter[] podFilters =
        [
            new(), new() { Id = job[..12] }, new() { LabelSelector = { ["app"] = "web" } },
            new() { State = new PodSandboxStateValue { State = PodSandboxState.SandboxReady } },
            new() { State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready } },
        ];
        foreach (var filter in podFilters)
        {
            var listed = (await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest { Filter = filter }, ListPodSandboxResponse.Parser)).Items;
            var streamed = (await StreamAsync(Runtime + "StreamPodSandboxes", new StreamPodSandboxesRequest { Filter = filter }, StreamPodSandboxesResponse.Parser)).SelectMany(r => r.PodSandboxes);
            Assert.That(streamed, Is.EqualTo(listed), $"pods, filter {filter}");
        }

        ContainerFilter[] containerFilters =
        [
            new(), new() { PodSandboxId = web }, new() { Id = sidecar[..12] },
            new() { State = new ContainerStateValue { State = ContainerState.ContainerRunning } },
            new() { LabelSelector = { ["role"] = "sidecar" } },
        ];
        foreach (var filter in containerFilters)
        {
            var listed = (await _bed.Client.UnaryAsync(Runtime + "ListContainers", new ListContainersRequest { Filter = filter }, ListContainersResponse.Parser)).Containers;
            var streamed = (await StreamAsync(Runtime + "StreamContainers", new StreamContainersRequest { Filter = filter }, StreamContainersResponse.Parser)).SelectMany(r => r.Containers);
            Assert.That(streamed, Is.EqualTo(listed), $"containers, filter {filter}");
        }

        ContainerStatsFilter[] statsFilters = [new(), new() { PodSandboxId = job }, new() { Id = server }];
        foreach (var filter in statsFilters)
        {
            var listed = (await _bed.Client.UnaryAsync(Runtime + "ListContainerStats", new ListContainerStatsRequest { Filter = filter }, ListContainerStatsResponse.Parser)).Stats;
            var streamed = (await StreamAsync(Runtime + "StreamContainerStats", new StreamContainerStatsRequest { Filter = filter }, StreamContainerStatsResponse.Parser)).SelectMany(r => r.ContainerStats);
            Assert.That(streamed.Select(s => s.Attributes), Is.EquivalentTo(listed.Select(s => s.Attributes)), $"container stats, filter {filter}");
        }

        PodSandboxStatsFilter[] podStatsFilters = [new(), new() { Id = web }, new() { LabelSelector = { ["app"] = "job" } }];
        foreach (var filter in podStatsFilters)
        {
            var listed = (await _bed.Client.UnaryAsync(Runtime + "ListPodSandboxStats", new ListPodSandboxStatsRequest { Filter = filter }, ListPodSandboxStatsResponse.Parser)).Stats;
            var streamed = (await StreamAsync(Runtime + "StreamPodSandboxStats", new StreamPodSandboxStatsRequest { Filter = filter }, StreamPodSandboxStatsResponse.Parser)).SelectMany(r => r.PodSandboxStats);
            Assert.That(streamed.Select(s => s.Attributes), Is.EquivalentTo(listed.Select(s => s.Attributes)), $"pod stats, filter {filter}");
            Assert.That(streamed.Select(s => s.Linux.Containers.Count), Is.EquivalentTo(listed.Select(s => s.Linux.Containers.Count)), $"pod stats, filter {filter}");
        }

        ImageFilter[] imageFilters = [new(), new() { Image = new ImageSpec { Image = _bed.BusyboxImage } }, new() { Image = new ImageSpec { Image = "test/absent:1" } }];
        foreach (var filter in imageFilters)
        {
            var listed = (await _bed.Client.UnaryAsync(Images + "ListImages", new ListImagesRequest { Filter = filter }, ListImagesResponse.Parser)).Images;
            var streamed = (await StreamAsync(Images + "StreamImages", new StreamImagesRequest { Filter = filter }, StreamImagesResponse.Parser)).SelectMany(r => r.Images);
            Assert.That(streamed, Is.EqualTo(listed), $"images, filter {filter}");
        }

        // The filters above did select: the comparison was not between empty lists only.
        var running = (await StreamAsync(Runtime + "StreamContainers", new StreamContainersRequest { Filter = containerFilters[3] }, StreamContainersResponse.Parser)).SelectMany(r => r.Containers);
        Assert.That(running.Select(c => c.Id), Is.EquivalentTo(new[] { server, worker }));
        var none = await StreamAsync(Runtime + "StreamPodSandboxes", new StreamPodSandboxesRequest { Filter = podFilters[4] }, StreamPodSandboxesResponse.Parser);
        Assert.That(none, Is.Empty, "nothing matched: no response at all");
    }

    [Test]
    public async Task Pods_too_large_for_one_response_arrive_in_several_each_under_the_budget()
    {
        // Kubernetes allows 256 KiB of annotations per object: a few such pods fill a response.
        const int pods = 12;
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < pods; i++)
        {
            var config = _bed.PodConfig($"big{i}");
            config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node } };
            config.Annotations["example.com/blob"] = new string((char)('a' + i), 200_000);
            ids.Add(await _bed.RunPodAsync(config));
        }
        var created = clock.Elapsed;

        var listed = (await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser)).Items;
        var responses = await StreamAsync(Runtime + "StreamPodSandboxes", new StreamPodSandboxesRequest(), StreamPodSandboxesResponse.Parser);
        TestContext.Out.WriteLine($"{pods} pods made in {created.TotalSeconds:F1} s; {responses.Count} responses of {string.Join(", ", responses.Select(r => r.CalculateSize()))} bytes");

        Assert.That(responses, Has.Count.GreaterThanOrEqualTo(3), "2.4 MB of pods at 1 MiB a response");
        Assert.That(responses.Select(r => r.CalculateSize()), Has.All.LessThanOrEqualTo(ResponseChunker.DefaultBudgetBytes));
        Assert.That(responses.SelectMany(r => r.PodSandboxes), Is.EqualTo(listed));
        Assert.That(listed.Select(p => p.Id), Is.EquivalentTo(ids));
    }
}
