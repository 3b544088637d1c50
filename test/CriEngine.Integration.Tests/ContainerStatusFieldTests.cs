using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// The fields newer kubelets read from ContainerStatus and ImageFsInfo, on the real daemon: the
/// stop signal in use, the ids the process runs with, the image as the user wrote it, and where
/// containers' writable layers live.
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
        config.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1234 }, RunAsGroup = new Int64Value { Value = 567 }, SupplementalGroups = { 890 } } };
        var plain = _bed.ContainerConfig("plain", "sleep", "3600");

        var status = await _bed.ContainerStatusAsync(await _bed.RunContainerAsync(podId, pod, config));
        var plainStatus = await _bed.ContainerStatusAsync(await _bed.RunContainerAsync(podId, pod, plain));

        Assert.That((status.StopSignal, plainStatus.StopSignal), Is.EqualTo((Signal.Sigusr1, Signal.Sigterm)));
        Assert.That((status.User.Linux.Uid, status.User.Linux.Gid, status.User.Linux.SupplementalGroups), Is.EqualTo((1234L, 567L, new[] { 567L, 890L })));
        Assert.That((plainStatus.User.Linux.Uid, plainStatus.User.Linux.Gid), Is.EqualTo((0L, 0L)));
        Assert.That((status.Image.Image, status.Image.UserSpecifiedImage), Is.EqualTo((_bed.BusyboxImage, "busybox:1")));
    }

    [Test]
    public async Task Image_fs_info_names_the_same_file_system_for_containers_as_for_images()
    {
        var info = await _bed.Client.UnaryAsync(PodTestBed.Images + "ImageFsInfo", new ImageFsInfoRequest(), ImageFsInfoResponse.Parser);

        Assert.That(info.ContainerFilesystems.Select(fs => fs.FsId.Mountpoint), Is.EqualTo(info.ImageFilesystems.Select(fs => fs.FsId.Mountpoint)));
        Assert.That(info.ContainerFilesystems.Single().UsedBytes.Value, Is.GreaterThan(0));
    }
}
