using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>The CRI ImageService of the real daemon, pulling from a real registry on 127.0.0.1.</summary>
[Category("Integration")]
public sealed class ImageServiceTests
{
    private const string Images = "/runtime.v1.ImageService/";

    private TempDirectory _directory = null!;
    private TestRegistry _registry = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TempDirectory("criengine-daemon");
        _registry = await TestRegistry.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private static Task<TestImage> BusyboxAsync(string user = "1000") =>
        new TestImageBuilder().WithBusybox().WithConfig(c => c with { User = user, Cmd = ["sh"] }).BuildAsync();

    private static Task<PullImageResponse> PullAsync(GrpcClient client, string image, AuthConfig? auth = null) =>
        client.UnaryAsync(Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = image }, Auth = auth }, PullImageResponse.Parser, TimeSpan.FromMinutes(2));

    private static Task<ImageStatusResponse> StatusAsync(GrpcClient client, string image, bool verbose = false) =>
        client.UnaryAsync(Images + "ImageStatus", new ImageStatusRequest { Image = new ImageSpec { Image = image }, Verbose = verbose }, ImageStatusResponse.Parser);

    [Test]
    public async Task Pulled_image_is_listed_and_described_as_the_kubelet_reads_it()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var pulled = await PullAsync(client, pushed.Reference);
        var status = await StatusAsync(client, pushed.Reference, verbose: true);
        var list = await client.UnaryAsync(Images + "ListImages", new ListImagesRequest(), ListImagesResponse.Parser);

        Assert.That(pulled.ImageRef, Is.EqualTo(pushed.ConfigDigest.Hex));
        Assert.That(status.Image.Id, Is.EqualTo(pulled.ImageRef));
        Assert.That(status.Image.RepoTags, Is.EqualTo(new[] { pushed.Reference }));
        Assert.That(status.Image.RepoDigests, Is.EqualTo(new[] { pushed.DigestReference }));
        Assert.That(status.Image.Uid.Value, Is.EqualTo(1000));
        Assert.That(status.Image.Size, Is.GreaterThan(1_000_000UL));
        Assert.That(status.Info["info"], Does.Contain("\"cmd\""));
        Assert.That(list.Images.Select(i => i.Id), Is.EqualTo(new[] { pulled.ImageRef }));
    }

    [Test]
    public async Task Named_user_is_reported_as_username()
    {
        var pushed = await _registry.PushAsync("library/named", "1", await BusyboxAsync(user: "app:app"));
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await PullAsync(client, pushed.Reference);
        var status = await StatusAsync(client, pushed.Reference);

        Assert.That(status.Image.Username, Is.EqualTo("app"));
        Assert.That(status.Image.Uid, Is.Null);
    }

    [Test]
    public async Task Absent_image_has_no_status_and_removing_it_is_no_error()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var status = await StatusAsync(client, $"{_registry.Host}/library/nothing:1");
        await client.UnaryAsync(Images + "RemoveImage", new RemoveImageRequest { Image = new ImageSpec { Image = $"{_registry.Host}/library/nothing:1" } }, RemoveImageResponse.Parser);

        Assert.That(status.Image, Is.Null);
    }

    [Test]
    public async Task Removing_by_one_tag_removes_the_image_with_all_its_tags()
    {
        var image = await BusyboxAsync();
        var first = await _registry.PushAsync("library/box", "1", image);
        var second = await _registry.PushAsync("library/box", "latest", image);
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();
        await PullAsync(client, first.Reference);
        await PullAsync(client, second.Reference);
        var before = await StatusAsync(client, second.Reference);

        await client.UnaryAsync(Images + "RemoveImage", new RemoveImageRequest { Image = new ImageSpec { Image = first.Reference } }, RemoveImageResponse.Parser);

        Assert.That(before.Image.RepoTags, Is.EquivalentTo(new[] { first.Reference, second.Reference }));
        Assert.That((await StatusAsync(client, second.Reference)).Image, Is.Null);
        Assert.That((await client.UnaryAsync(Images + "ListImages", new ListImagesRequest(), ListImagesResponse.Parser)).Images, Is.Empty);
    }

    [Test]
    public async Task ImageFsInfo_reports_the_store_and_grows_with_a_pull()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var empty = await client.UnaryAsync(Images + "ImageFsInfo", new ImageFsInfoRequest(), ImageFsInfoResponse.Parser);
        await PullAsync(client, pushed.Reference);
        var full = await client.UnaryAsync(Images + "ImageFsInfo", new ImageFsInfoRequest(), ImageFsInfoResponse.Parser);

        Assert.That(full.ImageFilesystems[0].FsId.Mountpoint, Is.EqualTo(DaemonProcess.Layout(_directory).Root));
        Assert.That(full.ImageFilesystems[0].UsedBytes.Value, Is.GreaterThan(empty.ImageFilesystems[0].UsedBytes.Value + 1_000_000));
        Assert.That(full.ImageFilesystems[0].InodesUsed.Value, Is.GreaterThan(empty.ImageFilesystems[0].InodesUsed.Value));
    }

    [Test]
    public async Task Credentials_from_the_request_or_the_global_auth_file_reach_the_registry()
    {
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { BasicAuth = new TestCredentials("puller", "s3cret") });
        var first = await registry.PushAsync("private/a", "1", await BusyboxAsync());
        var second = await registry.PushAsync("private/b", "1", await new TestImageBuilder().WithBusybox().WithLayer(TestLayerEntry.File("b", "b")).BuildAsync());
        var auth = Convert.ToBase64String("puller:s3cret"u8);
        var authFile = _directory.Write("auth.json", "{\"auths\": {\"" + registry.Host + "\": {\"auth\": \"" + auth + "\"}}}");
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var refused = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, first.Reference));
        var withRequestAuth = await PullAsync(client, first.Reference, new AuthConfig { Username = "puller", Password = "s3cret" });
        await File.WriteAllTextAsync(DaemonProcess.Layout(_directory).DropIn("10-auth.conf"), $"[crio.image]\nglobal_auth_file = \"{authFile}\"\n");
        await daemon.ReloadAsync();
        var withAuthFile = await PullAsync(client, second.Reference);

        Assert.That(refused!.Code, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(withRequestAuth.ImageRef, Is.EqualTo(first.ConfigDigest.Hex));
        Assert.That(withAuthFile.ImageRef, Is.EqualTo(second.ConfigDigest.Hex));
    }

    [Test]
    public async Task Registries_conf_changes_apply_on_reload()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Path.Combine(DaemonProcess.Layout(_directory).RegistriesDropInDirectory, "50-block.conf"), $"[[registry]]\nprefix = \"{_registry.Host}\"\nblocked = true\n");
        await daemon.ReloadAsync();
        var blocked = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, pushed.Reference));
        File.Delete(Path.Combine(DaemonProcess.Layout(_directory).RegistriesDropInDirectory, "50-block.conf"));
        await daemon.ReloadAsync();
        var pulled = await PullAsync(client, pushed.Reference);

        Assert.That(blocked!.Code, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(pulled.ImageRef, Is.EqualTo(pushed.ConfigDigest.Hex));
    }

    [Test]
    public async Task Broken_registries_conf_on_reload_keeps_the_old_settings()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Path.Combine(DaemonProcess.Layout(_directory).RegistriesDropInDirectory, "50-broken.conf"), "[[registry]\nprefix = \n");
        await daemon.ReloadAsync();
        var pulled = await PullAsync(client, pushed.Reference);

        Assert.That(daemon.Output, Has.Some.Contains("50-broken.conf:1"));
        Assert.That(pulled.ImageRef, Is.EqualTo(pushed.ConfigDigest.Hex));
    }

    [Test]
    public async Task Pulled_images_survive_a_daemon_restart()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        await using (var first = await DaemonProcess.StartAsync(_directory))
        {
            using var client = first.Client();
            await PullAsync(client, pushed.Reference);
            await first.StopAsync();
        }

        await using var second = await DaemonProcess.StartAsync(_directory);
        using var again = second.Client();

        Assert.That((await StatusAsync(again, pushed.Reference)).Image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
    }
}
