using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// The fields newer kubelets read from ContainerStatus and ImageFsInfo, on the real daemon: the
/// stop signal in use, the ids the process runs with, the image as the user wrote it, the ids the
/// infra process runs with, and where containers' writable layers live.
/// </summary>
[Category("Integration")]
public sealed class ContainerStatusFieldTests
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

    [Test]
    public async Task Status_tells_the_stop_signal_the_user_and_the_image_the_user_asked_for()
    {
        var pod = _bed.PodConfig("fields");
        var podId = await _bed.RunPodAsync(pod);
        var config = _bed.ContainerConfig("app", "sleep", "3600");
        config.StopSignal = Signal.Sigusr1;
        config.Image.UserSpecifiedImage = "busybox:1";
        config.Image.Annotations.Add("io.example/variant", "slim");
        config.Image.RuntimeHandler = "runc";
        config.Image.ImageRef = "sha256:feed";
        config.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1234 }, RunAsGroup = new Int64Value { Value = 567 }, SupplementalGroups = { 890 } } };
        var plain = _bed.ContainerConfig("plain", "sleep", "3600");

        var status = await _bed.ContainerStatusAsync(await _bed.RunContainerAsync(podId, pod, config));
        var plainStatus = await _bed.ContainerStatusAsync(await _bed.RunContainerAsync(podId, pod, plain));

        Assert.That((status.StopSignal, plainStatus.StopSignal), Is.EqualTo((Signal.Sigusr1, Signal.Sigterm)));
        Assert.That((status.User.Linux.Uid, status.User.Linux.Gid, status.User.Linux.SupplementalGroups), Is.EqualTo((1234L, 567L, new[] { 567L, 890L })));
        Assert.That((plainStatus.User.Linux.Uid, plainStatus.User.Linux.Gid), Is.EqualTo((0L, 0L)));
        Assert.That((status.Image.Image, status.Image.UserSpecifiedImage), Is.EqualTo((_bed.BusyboxImage, "busybox:1")));
        // The kubelet's ImageSpec comes back as it was sent, in the status and the list alike.
        Assert.That((status.Image.Annotations["io.example/variant"], status.Image.RuntimeHandler, status.Image.ImageRef), Is.EqualTo(("slim", "runc", "sha256:feed")));
        var listed = (await _bed.Client.UnaryAsync(PodTestBed.Runtime + "ListContainers", new ListContainersRequest(), ListContainersResponse.Parser)).Containers.Single(c => c.Id == status.Id);
        Assert.That(listed.Image, Is.EqualTo(status.Image));
    }

    [Test]
    public async Task The_infra_process_runs_as_the_pod_s_user_group_and_supplemental_groups()
    {
        var pod = _bed.PodConfig("nonroot");
        pod.Linux.SecurityContext = new LinuxSandboxSecurityContext { RunAsUser = new Int64Value { Value = 65535 }, RunAsGroup = new Int64Value { Value = 65534 }, SupplementalGroups = { 4321 } };
        var podId = await _bed.RunPodAsync(pod);

        var verbose = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "PodSandboxStatus", new PodSandboxStatusRequest { PodSandboxId = podId, Verbose = true }, PodSandboxStatusResponse.Parser);
        var pid = (int)System.Text.Json.Nodes.JsonNode.Parse(verbose.Info["info"])!["pid"]!;
        var status = await File.ReadAllLinesAsync($"/proc/{pid}/status");

        string Field(string name) => string.Join(' ', status.Single(line => line.StartsWith(name + ":", StringComparison.Ordinal)).Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Skip(1));
        Assert.That(verbose.Status.State, Is.EqualTo(PodSandboxState.SandboxReady));
        Assert.That(Field("Uid"), Is.EqualTo("65535 65535 65535 65535"));
        Assert.That(Field("Gid"), Is.EqualTo("65534 65534 65534 65534"));
        Assert.That(Field("Groups"), Is.EqualTo("4321"));
    }

    [Test]
    public async Task Image_fs_info_names_the_same_file_system_for_containers_as_for_images()
    {
        var info = await _bed.Client.UnaryAsync(PodTestBed.Images + "ImageFsInfo", new ImageFsInfoRequest(), ImageFsInfoResponse.Parser);

        Assert.That(info.ContainerFilesystems.Select(fs => fs.FsId.Mountpoint), Is.EqualTo(info.ImageFilesystems.Select(fs => fs.FsId.Mountpoint)));
        Assert.That(info.ContainerFilesystems.Single().UsedBytes.Value, Is.GreaterThan(0));
    }
}
