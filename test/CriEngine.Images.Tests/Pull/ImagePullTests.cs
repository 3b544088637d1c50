using CriEngine.Grpc;
using CriEngine.Images.Native;
using CriEngine.Images.Registry;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Pull;

/// <summary>Pulls from a real docker-registry on 127.0.0.1 into a real store.</summary>
[Category("Integration")]
public sealed class ImagePullTests
{
    private TestRegistry _registry = null!;
    private PullFixture _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _registry = await TestRegistry.StartAsync();
        _store = await PullFixture.OpenAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        _store.Dispose();
        await _registry.DisposeAsync();
    }

    private static Task<TestImage> BusyboxAsync(TestManifestFormat format = TestManifestFormat.Oci, TestLayerCompression compression = TestLayerCompression.Gzip) =>
        new TestImageBuilder().WithBusybox().WithFormat(format).WithCompression(compression)
            .WithConfig(c => c with { User = "1000", Cmd = ["sh"], Env = ["PATH=/bin"], WorkingDir = "/work", Labels = new Dictionary<string, string> { ["tier"] = "test" }, StopSignal = "SIGQUIT" })
            .BuildAsync();

    [TestCase(TestManifestFormat.Oci, TestLayerCompression.Gzip)]
    [TestCase(TestManifestFormat.Docker, TestLayerCompression.Gzip)]
    [TestCase(TestManifestFormat.Oci, TestLayerCompression.Zstd)]
    [TestCase(TestManifestFormat.Oci, TestLayerCompression.None)]
    public async Task Pulled_image_is_recorded_with_its_config_and_unpacked_layers(TestManifestFormat format, TestLayerCompression compression)
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync(format, compression));

        var image = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default);

        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
        Assert.That(image.RepoTags, Is.EqualTo(new[] { pushed.Reference }));
        Assert.That(image.RepoDigests, Is.EqualTo(new[] { pushed.DigestReference }));
        Assert.That(image.Config.User, Is.EqualTo("1000"));
        Assert.That(image.Config.Cmd, Is.EqualTo(new[] { "sh" }));
        Assert.That(image.Config.StopSignal, Is.EqualTo("SIGQUIT"));
        Assert.That(image.Config.Labels["tier"], Is.EqualTo("test"));
        Assert.That(image.Size, Is.GreaterThan(new FileInfo("/bin/busybox").Length));
        var busybox = Path.Combine(_store.Manager.Paths.LayerDiff(image.Layers[^1]), "bin", "busybox");
        Assert.That(File.ReadAllBytes(busybox), Is.EqualTo(File.ReadAllBytes("/bin/busybox")));
    }

    [Test]
    public async Task Image_survives_a_restart_of_the_store()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        var image = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default);

        await _store.ReopenAsync();

        Assert.That(_store.Manager.Find(pushed.Reference, (await _store.OptionsAsync()).Registries)?.Id, Is.EqualTo(image.Id));
    }

    [Test]
    public async Task Layers_keep_whiteouts_and_opaque_directories_in_overlay_form()
    {
        var image = await new TestImageBuilder()
            .WithLayer(TestLayerEntry.Directory("etc"), TestLayerEntry.File("etc/gone", "x"), TestLayerEntry.Directory("data"), TestLayerEntry.File("data/old", "x"))
            .WithLayer(TestLayerEntry.Whiteout("etc/gone"), TestLayerEntry.OpaqueWhiteout("data"), TestLayerEntry.File("data/new", "y"))
            .BuildAsync();
        var pushed = await _registry.PushAsync("test/layers", "v1", image);

        var record = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default);

        var top = _store.Manager.Paths.LayerDiff(record.Layers[1]);
        Assert.That(FileStatus.Of(Path.Combine(top, "etc", "gone"))!.Value.Kind, Is.EqualTo(FileKind.CharacterDevice));
        Assert.That(ExtendedAttributes.Get(Path.Combine(top, "data"), "trusted.overlay.opaque"), Is.EqualTo("y"u8.ToArray()));
        Assert.That(File.Exists(Path.Combine(top, "data", "new")), Is.True);
    }

    [Test]
    public async Task Index_resolves_to_this_machines_platform_and_keeps_the_index_digest()
    {
        var amd = await BusyboxAsync();
        var other = await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Architecture = TestImageConfig.HostArchitecture == "arm64" ? "amd64" : "arm64" }).BuildAsync();
        var pushed = await _registry.PushAsync("library/multi", "1", new TestImageIndex([amd, other]));

        var image = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default);

        Assert.That(image.Id, Is.EqualTo(pushed.ForPlatform(TestImageConfig.HostArchitecture).ConfigDigest.Hex));
        Assert.That(image.RepoDigests, Is.EqualTo(new[] { pushed.DigestReference }));
    }

    [Test]
    public async Task Index_without_this_platform_is_refused_naming_what_it_has()
    {
        var arm = await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Architecture = "s390x" }).BuildAsync();
        var pushed = await _registry.PushAsync("library/foreign", "1", new TestImageIndex([arm]));

        var error = Assert.ThrowsAsync<RpcException>(async () => await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("s390x").And.Contain("linux/" + TestImageConfig.HostArchitecture));
        Assert.That(_store.Contents(), Is.EqualTo((0, 0, 0)));
    }

    [Test]
    public async Task Pull_by_digest_records_no_tag()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());

        var image = await _store.Manager.PullAsync(pushed.DigestReference, await _store.OptionsAsync(), default);

        Assert.That(image.RepoTags, Is.Empty);
        Assert.That(image.RepoDigests, Is.EqualTo(new[] { pushed.DigestReference }));
    }

    [Test]
    public async Task Images_sharing_layers_store_them_once()
    {
        var first = await _registry.PushAsync("library/a", "1", await new TestImageBuilder().WithBusybox().WithLayer(TestLayerEntry.File("a", "a")).BuildAsync());
        var second = await _registry.PushAsync("library/b", "1", await new TestImageBuilder().WithBusybox().WithLayer(TestLayerEntry.File("b", "b")).BuildAsync());
        var options = await _store.OptionsAsync();

        var a = await _store.Manager.PullAsync(first.Reference, options, default);
        var mark = await _registry.Requests.MarkAsync();
        var b = await _store.Manager.PullAsync(second.Reference, options, default);
        await _registry.Requests.SettleAsync();

        Assert.That(a.Layers[0], Is.EqualTo(b.Layers[0]));
        Assert.That(_store.Contents().Layers, Is.EqualTo(3));
        Assert.That(_registry.Requests.Since(mark).Count(r => r.Path.Contains(first.Layers[0].Digest.ToString())), Is.Zero, "the shared layer is not downloaded again");
    }

    [Test]
    public async Task Concurrent_pulls_of_one_image_download_each_blob_once()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await new TestImageBuilder().WithBusybox().WithRandomLayer(5).BuildAsync());
        var options = await _store.OptionsAsync();

        var images = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _store.Manager.PullAsync(pushed.Reference, options, default)));
        await _registry.Requests.SettleAsync();

        Assert.That(images.Select(i => i.Id).Distinct().Count(), Is.EqualTo(1));
        foreach (var layer in pushed.Layers)
            Assert.That(_registry.Requests.Snapshot().Count(r => r.Method == "GET" && r.Path.EndsWith(layer.Digest.ToString(), StringComparison.Ordinal)), Is.EqualTo(1), $"layer {layer.Digest}");
    }

    [Test]
    public async Task Tag_moves_to_the_newly_pulled_image()
    {
        var first = await _registry.PushAsync("library/app", "latest", await new TestImageBuilder().WithBusybox().WithLayer(TestLayerEntry.File("v", "1")).BuildAsync());
        var options = await _store.OptionsAsync();
        var old = await _store.Manager.PullAsync(first.Reference, options, default);
        await _registry.PushAsync("library/app", "latest", await new TestImageBuilder().WithBusybox().WithLayer(TestLayerEntry.File("v", "2")).BuildAsync());

        var updated = await _store.Manager.PullAsync(first.Reference, options, default);

        Assert.That(updated.Id, Is.Not.EqualTo(old.Id));
        Assert.That(_store.Manager.Find(first.Reference, options.Registries)?.Id, Is.EqualTo(updated.Id));
        Assert.That(_store.Manager.Images.ById(old.Id)!.RepoTags, Is.Empty);
    }

    [Test]
    public async Task An_ambiguous_short_name_is_refused_in_enforcing_mode_and_tried_in_order_otherwise()
    {
        var pushed = await _registry.PushAsync("box", "1.0", await BusyboxAsync());
        var search = $"unqualified-search-registries = [\"{_registry.Host}\", \"127.0.0.1:1\"]";
        var enforcing = await _store.OptionsAsync($"short-name-mode = \"enforcing\"\n{search}");
        var permissive = await _store.OptionsAsync(search);

        var refused = Assert.ThrowsAsync<RpcException>(() => _store.Manager.PullAsync("box:1.0", enforcing, default));
        var image = await _store.Manager.PullAsync("box:1.0", permissive, default);

        Assert.That(refused!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(refused.Message, Does.Contain($"{_registry.Host}/box:1.0 or 127.0.0.1:1/box:1.0"));
        Assert.That(image.RepoTags, Is.EqualTo(new[] { pushed.Reference }));
    }

    [Test]
    public async Task Images_are_found_by_id_prefix_digest_and_short_name()
    {
        // Outside docker.io a short name gets no "library/" namespace.
        var pushed = await _registry.PushAsync("box", "1.0", await BusyboxAsync());
        var options = await _store.OptionsAsync($"unqualified-search-registries = [\"{_registry.Host}\"]");
        var image = await _store.Manager.PullAsync("box:1.0", options, default);

        Assert.That(image.RepoTags, Is.EqualTo(new[] { pushed.Reference }));
        foreach (var name in new[] { image.Id, "sha256:" + image.Id, image.Id[..12], pushed.DigestReference, pushed.Reference, "box:1.0" })
            Assert.That(_store.Manager.Find(name, options.Registries)?.Id, Is.EqualTo(image.Id), name);
        Assert.That(_store.Manager.Find("box:2.0", options.Registries), Is.Null);
    }

    [Test]
    public async Task Removing_an_image_frees_its_layers_but_not_shared_ones()
    {
        var a = await _registry.PushAsync("library/a", "1", await new TestImageBuilder().WithBusybox().WithLayer(TestLayerEntry.File("a", "a")).BuildAsync());
        var b = await _registry.PushAsync("library/b", "1", await new TestImageBuilder().WithBusybox().BuildAsync());
        var options = await _store.OptionsAsync();
        var imageA = await _store.Manager.PullAsync(a.Reference, options, default);
        var imageB = await _store.Manager.PullAsync(b.Reference, options, default);
        var usedBefore = _store.Manager.Usage();

        await _store.Manager.RemoveAsync(imageA, default);

        Assert.That(_store.Manager.Find(a.Reference, options.Registries), Is.Null);
        Assert.That(Directory.Exists(_store.Manager.Paths.Layer(imageA.Layers[1])), Is.False);
        Assert.That(Directory.Exists(_store.Manager.Paths.Layer(imageB.Layers[0])), Is.True);
        Assert.That(_store.Manager.Usage().Bytes, Is.LessThan(usedBefore.Bytes));
    }

    [Test]
    public async Task Image_used_by_a_container_cannot_be_removed()
    {
        var pushed = await _registry.PushAsync("library/box", "1.0", await BusyboxAsync());
        var image = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default);
        await _store.Manager.Filesystems.CreateAsync("container-1", image, "overlay", default);
        try
        {
            var error = Assert.ThrowsAsync<RpcException>(() => _store.Manager.RemoveAsync(image, default));

            Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Message, Does.Contain(image.Id).And.Contain("in use"));
        }
        finally
        {
            await _store.Manager.Filesystems.RemoveAsync("container-1");
        }
    }

    [Test]
    public async Task Basic_auth_needs_the_credentials()
    {
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { BasicAuth = new TestCredentials("puller", "s3cret") });
        var pushed = await registry.PushAsync("private/box", "1", await BusyboxAsync());

        var refused = Assert.ThrowsAsync<RpcException>(async () => await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default));
        var image = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(credentials: new RegistryCredentials("puller", "s3cret")), default);

        Assert.That(refused!.Code, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
    }

    [Test]
    public async Task Token_auth_gets_a_token_with_the_credentials()
    {
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { TokenAuth = new TokenServerOptions { Credentials = new TestCredentials("puller", "s3cret") } });
        var pushed = await registry.PushAsync("private/box", "1", await BusyboxAsync());

        var image = await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(credentials: new RegistryCredentials("puller", "s3cret")), default);

        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
        Assert.That(registry.TokenServer!.Requests.Any(r => r.Username == "puller"), Is.True);
    }
}
