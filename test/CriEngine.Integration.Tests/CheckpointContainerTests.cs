using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>
/// CheckpointContainer through the CRI: every refusal says what stands in the way, in CRIU's words
/// where it is CRIU (its check fails on these machines; the archive itself is unit-tested).
/// </summary>
[Category("Integration")]
public sealed class CheckpointContainerTests
{
    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        await _bed.PullBusyboxAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private Task<CheckpointContainerResponse> CheckpointAsync(string id) =>
        _bed.Client.UnaryAsync(PodTestBed.Runtime + "CheckpointContainer", new CheckpointContainerRequest { ContainerId = id, Location = _bed.Directory.Combine("checkpoint.tar") }, CheckpointContainerResponse.Parser, TimeSpan.FromMinutes(1));

    [Test]
    public void An_unknown_container_is_not_found()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => CheckpointAsync("0123456789abcdef"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task A_location_that_is_not_an_absolute_path_is_an_invalid_argument()
    {
        var (podId, pod) = await _bed.RunPodWithBusyboxAsync("relative");
        var id = await _bed.RunContainerAsync(podId, pod, _bed.ContainerConfig("app", "sleep", "3600"));

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.Client.UnaryAsync(PodTestBed.Runtime + "CheckpointContainer",
            new CheckpointContainerRequest { ContainerId = id, Location = "checkpoint.tar" }, CheckpointContainerResponse.Parser, TimeSpan.FromMinutes(1)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"checkpoint.tar\" is not an absolute path"));
    }

    [Test]
    public async Task A_container_that_is_not_running_cannot_be_checkpointed()
    {
        var pod = _bed.PodConfig("created");
        var podId = await _bed.RunPodAsync(pod);
        var id = (await _bed.Client.UnaryAsync(PodTestBed.Runtime + "CreateContainer", new CreateContainerRequest { PodSandboxId = podId, Config = _bed.ContainerConfig("app", "sleep", "3600"), SandboxConfig = pod }, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;

        var error = Assert.ThrowsAsync<RpcException>(() => CheckpointAsync(id));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain("not running (Created)"));
    }

    [Test]
    public async Task A_running_container_on_a_node_where_criu_check_fails_is_refused_with_criu_s_reason()
    {
        var check = await ExternalCommand.RunAsync("criu", ["check"]);
        if (check.ExitCode == 0)
            Assert.Ignore("criu check passes on this node");
        var pod = _bed.PodConfig("running");
        var podId = await _bed.RunPodAsync(pod);
        var id = await _bed.RunContainerAsync(podId, pod, _bed.ContainerConfig("app", "sleep", "3600"));

        var error = Assert.ThrowsAsync<RpcException>(() => CheckpointAsync(id));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        var criusLastLine = check.StandardError.Trim().Split('\n')[^1].Trim();
        Assert.That(error.Message, Does.Contain("criu check failed").And.Contain(criusLastLine));
        Assert.That(File.Exists(_bed.Directory.Combine("checkpoint.tar")), Is.False);
    }
}
