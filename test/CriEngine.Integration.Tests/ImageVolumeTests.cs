using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>
/// Image volumes (Mount.image with image_sub_path) on the real daemon with runc: an image of the
/// store mounted read-only into a container, in use while mounted, gone with the container.
/// </summary>
[Category("Integration")]
public sealed class ImageVolumeTests
{
    private const string Runtime = PodTestBed.Runtime;
    private const string Images = PodTestBed.Images;

    private PodTestBed _bed = null!;
    private PodSandboxConfig _podConfig = null!;
    private string _pod = null!;
    private PushedImage _volume = null!;
    private string _volumeRef = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        (_pod, _podConfig) = await _bed.RunPodWithBusyboxAsync("volumes");
        // Two layers, so that the volume is a real stack: the second adds to a directory of the first.
        _volume = await _bed.Registry.PushAsync("test/volume", "1", await new TestImageBuilder()
            .WithLayer(
                TestLayerEntry.File("data/hello.txt", "hello from the image\n"),
                TestLayerEntry.File("data/run.sh", "#!/bin/sh\necho ran\n", TestLayerEntry.Octal("755")),
                TestLayerEntry.Directory("data/sub"),
                TestLayerEntry.File("data/sub/inner.txt", "inner\n"),
                TestLayerEntry.Symlink("data/absolute", "/data/sub"),
                TestLayerEntry.Symlink("data/out", "../../../.."))
            .WithLayer(TestLayerEntry.File("data/sub/upper.txt", "upper\n"))
            .BuildAsync());
        _volumeRef = (await _bed.Client.UnaryAsync(Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = _volume.Reference } }, PullImageResponse.Parser, TimeSpan.FromMinutes(2))).ImageRef;
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task The_image_s_files_are_seen_at_the_mount_path_and_cannot_be_written_or_run()
    {
        var id = await RunWithVolumesAsync("reader", Volume("/vol"));

        Assert.That((await _bed.ExecAsync(id, "cat", "/vol/data/hello.txt", "/vol/data/sub/upper.txt")).Stdout.ToStringUtf8(), Is.EqualTo("hello from the image\nupper\n"));
        var write = await _bed.ExecAsync(id, "sh", "-c", "echo x > /vol/data/new.txt; echo rc=$?");
        Assert.That(write.Stdout.ToStringUtf8(), Does.Contain("rc=1"));
        Assert.That(write.Stderr.ToStringUtf8(), Does.Contain("Read-only file system"));
        var run = await _bed.ExecAsync(id, "sh", "-c", "/vol/data/run.sh; echo rc=$?");
        Assert.That(run.Stdout.ToStringUtf8(), Does.Not.Contain("ran").And.Contain("rc=126"), "an image volume is noexec");
    }

    [Test]
    public async Task ContainerStatus_reports_the_mount_with_its_image_and_the_image_s_digest()
    {
        var id = await RunWithVolumesAsync("status", Volume("/vol", "data/sub"));

        var mount = (await _bed.ContainerStatusAsync(id)).Mounts.Single();

        Assert.That(mount.ContainerPath, Is.EqualTo("/vol"));
        Assert.That(mount.Image.Image, Is.EqualTo(_volumeRef));
        Assert.That(mount.Image.ImageRef, Is.EqualTo(_volume.DigestReference));
        Assert.That(mount.ImageSubPath, Is.EqualTo("data/sub"));
    }

    [Test]
    public async Task Image_sub_path_mounts_that_directory_following_symlinks_inside_the_image()
    {
        var id = await RunWithVolumesAsync("sub", Volume("/sub", "data/sub"), Volume("/linked", "data/absolute"));

        Assert.That((await _bed.ExecAsync(id, "ls", "/sub")).Stdout.ToStringUtf8().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "inner.txt", "upper.txt" }));
        Assert.That((await _bed.ExecAsync(id, "cat", "/linked/inner.txt")).Stdout.ToStringUtf8(), Is.EqualTo("inner\n"));
    }

    [TestCase("../data", "escapes the image")]
    [TestCase("/data", "must be relative")]
    [TestCase("data/out/etc", "escapes the image through a symlink")]
    [TestCase("data/missing", "does not exist in the image")]
    public void A_sub_path_that_escapes_the_image_or_is_missing_is_refused_naming_it(string subPath, string cause)
    {
        var error = Assert.ThrowsAsync<RpcException>(() => CreateWithVolumesAsync("refused", Volume("/vol", subPath)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"\"{subPath}\"").And.Contain(cause));
        Assert.That(MountsUnder(VolumesDirectory), Is.Empty, "the refused creation's mount is undone");
    }

    [Test]
    public void An_image_not_in_the_store_is_refused_naming_it()
    {
        var absent = $"{_bed.Registry.Host}/test/absent:1";
        var volume = new Mount { ContainerPath = "/vol", Image = new ImageSpec { Image = absent }, Readonly = true };

        var error = Assert.ThrowsAsync<RpcException>(() => CreateWithVolumesAsync("absent", volume));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain(absent));
    }

    [Test]
    public async Task RemoveImage_is_refused_while_a_container_mounts_it_and_the_mount_goes_with_the_container()
    {
        var id = await RunWithVolumesAsync("user", Volume("/vol"));
        Assert.That(MountsUnder(Path.Combine(VolumesDirectory, id)), Is.Not.Empty);

        var refused = Assert.ThrowsAsync<RpcException>(RemoveVolumeImageAsync);
        Assert.That(refused!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(refused.Message, Does.Contain(id));

        await _bed.Client.UnaryAsync(Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = id }, RemoveContainerResponse.Parser, TimeSpan.FromMinutes(1));

        Assert.That(MountsUnder(VolumesDirectory), Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(VolumesDirectory, id)), Is.False);
        await RemoveVolumeImageAsync();
        Assert.That(await VolumeImageStatusAsync(), Is.Null, "the image is gone");
    }

    [Test]
    public async Task A_mount_whose_container_record_a_crash_lost_is_found_and_removed_at_start()
    {
        var id = await RunWithVolumesAsync("lost", Volume("/vol"));
        await _bed.Daemon.SignalAsync("KILL");
        File.Delete(_bed.ContainerRecord(id));

        await _bed.RestartAfterCrashAsync();

        Assert.That(MountsUnder(VolumesDirectory), Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(VolumesDirectory, id)), Is.False);
        await RemoveVolumeImageAsync();
        Assert.That(await VolumeImageStatusAsync(), Is.Null, "nothing holds the image any more");
    }

    private string VolumesDirectory => Path.Combine(_bed.Layout.Root, "volumes");

    private Mount Volume(string containerPath, string subPath = "") =>
        new() { ContainerPath = containerPath, Image = new ImageSpec { Image = _volumeRef }, ImageSubPath = subPath, Readonly = true };

    private async Task<string> RunWithVolumesAsync(string name, params Mount[] volumes)
    {
        var id = await CreateWithVolumesAsync(name, volumes);
        await _bed.Client.UnaryAsync(Runtime + "StartContainer", new StartContainerRequest { ContainerId = id }, StartContainerResponse.Parser, TimeSpan.FromMinutes(1));
        return id;
    }

    private async Task<string> CreateWithVolumesAsync(string name, params Mount[] volumes)
    {
        var config = _bed.ContainerConfig(name, "sleep", "3600");
        config.Mounts.AddRange(volumes);
        var request = new CreateContainerRequest { PodSandboxId = _pod, Config = config, SandboxConfig = _podConfig };
        return (await _bed.Client.UnaryAsync(Runtime + "CreateContainer", request, CreateContainerResponse.Parser, TimeSpan.FromMinutes(1))).ContainerId;
    }

    private async Task RemoveVolumeImageAsync() =>
        await _bed.Client.UnaryAsync(Images + "RemoveImage", new RemoveImageRequest { Image = new ImageSpec { Image = _volumeRef } }, RemoveImageResponse.Parser);

    private async Task<Image?> VolumeImageStatusAsync() =>
        (await _bed.Client.UnaryAsync(Images + "ImageStatus", new ImageStatusRequest { Image = new ImageSpec { Image = _volume.Reference } }, ImageStatusResponse.Parser)).Image;

    private static List<string> MountsUnder(string directory) =>
        File.ReadAllLines("/proc/self/mountinfo").Select(line => line.Split(' ')[4]).Where(mountPoint => mountPoint.StartsWith(directory + "/", StringComparison.Ordinal)).ToList();
}
