using System.Formats.Tar;
using CriEngine.Grpc;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.Pull;

/// <summary>
/// Bad input and broken networks: each gives a clear error, leaves nothing half-stored, and a
/// retry after the fault is gone succeeds.
/// </summary>
[Category("Integration")]
public sealed class PullFaultTests
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

    private static Task<TestImage> ImageAsync() =>
        new TestImageBuilder().WithBusybox().WithRandomLayer(2).BuildAsync();

    private void AssertNothingStored() => Assert.That(_store.Contents(), Is.EqualTo((0, 0, 0)), "images, layers, scratch");

    [Test]
    public async Task Corrupted_blob_is_rejected_by_digest_and_a_retry_after_repair_succeeds()
    {
        var pushed = await _registry.PushAsync("library/box", "1", await ImageAsync());
        var layer = pushed.Layers[^1];
        var file = _registry.BlobFile(layer.Digest);
        var original = await File.ReadAllBytesAsync(file);
        var corrupted = (byte[])original.Clone();
        corrupted[corrupted.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(file, corrupted);
        var options = await _store.OptionsAsync();

        var error = Assert.ThrowsAsync<RpcException>(() => _store.Manager.PullAsync(pushed.Reference, options, default));
        var nothing = _store.Contents();
        await File.WriteAllBytesAsync(file, original);
        var image = await _store.Manager.PullAsync(pushed.Reference, options, default);

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(layer.Digest.ToString()));
        Assert.That(nothing.Images, Is.Zero);
        Assert.That(nothing.Scratch, Is.Zero);
        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
    }

    [Test]
    public async Task Download_cut_in_the_middle_resumes_and_verifies()
    {
        var pushed = await _registry.PushAsync("library/box", "1", await ImageAsync());
        await using var proxy = await FaultProxy.StartAsync(_registry);
        var random = pushed.Layers[^1];
        Assert.That(random.Size, Is.GreaterThan(1_000_000));
        proxy.CutNext(500_000, path => path.EndsWith(random.Digest.ToString(), StringComparison.Ordinal));

        var image = await _store.Manager.PullAsync($"{proxy.Host}/library/box:1", await _store.OptionsAsync(), default);

        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
        Assert.That(proxy.Requests.Count(r => r.Fault == ProxyFault.Cut), Is.EqualTo(1));
        Assert.That(proxy.Requests.Any(r => r.Status == 206), Is.True, "resumed with a range request");
    }

    [Test]
    public async Task Download_cut_every_time_fails_cleanly_and_a_later_retry_succeeds()
    {
        var pushed = await _registry.PushAsync("library/box", "1", await ImageAsync());
        await using var proxy = await FaultProxy.StartAsync(_registry);
        var random = pushed.Layers[^1];
        proxy.CutNext(100_000, path => path.EndsWith(random.Digest.ToString(), StringComparison.Ordinal), count: 100);
        var options = await _store.OptionsAsync();
        var name = $"{proxy.Host}/library/box:1";

        var error = Assert.ThrowsAsync<RpcException>(() => _store.Manager.PullAsync(name, options, default));
        var afterFailure = _store.Contents();
        proxy.ClearFaults();
        var image = await _store.Manager.PullAsync(name, options, default);

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(afterFailure.Images, Is.Zero);
        Assert.That(afterFailure.Scratch, Is.Zero);
        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
    }

    [Test]
    public async Task Registry_errors_are_retried()
    {
        var pushed = await _registry.PushAsync("library/box", "1", await ImageAsync());
        await using var proxy = await FaultProxy.StartAsync(_registry);
        proxy.FailNext(2);

        var image = await _store.Manager.PullAsync($"{proxy.Host}/library/box:1", await _store.OptionsAsync(), default);

        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
        Assert.That(proxy.Requests.Count(r => r.Fault == ProxyFault.Failed), Is.EqualTo(2));
    }

    [Test]
    public async Task Unknown_layer_media_type_is_refused_naming_it()
    {
        var layer = await TestLayer.FromEntriesAsync([TestLayerEntry.File("x", "y")]);
        var image = await new TestImageBuilder().WithLayer(layer with { MediaType = "application/vnd.example.strange+tar" }).BuildAsync();
        var pushed = await _registry.PushAsync("library/strange", "1", image);

        var error = Assert.ThrowsAsync<RpcException>(async () => await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("application/vnd.example.strange+tar"));
        AssertNothingStored();
    }

    [Test]
    public async Task Tar_entry_escaping_the_layer_is_refused_naming_it()
    {
        var image = await new TestImageBuilder()
            .WithLayer(TestLayerEntry.File("ok", "fine"), TestLayerEntry.Raw("../escaped-by-test", TarEntryType.RegularFile, "evil"u8.ToArray()))
            .BuildAsync();
        var pushed = await _registry.PushAsync("library/evil", "1", image);

        var error = Assert.ThrowsAsync<RpcException>(async () => await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("../escaped-by-test"));
        Assert.That(Directory.EnumerateFiles(Path.GetDirectoryName(_store.Root)!, "escaped-by-test", SearchOption.AllDirectories), Is.Empty);
        AssertNothingStored();
    }

    [Test]
    public async Task Uncompressed_content_not_matching_the_config_is_refused()
    {
        var layer = await TestLayer.FromEntriesAsync([TestLayerEntry.File("x", "y")]);
        var image = await new TestImageBuilder().WithLayer(layer with { DiffId = CriEngine.Images.References.Digest.Of("something else"u8) }).BuildAsync();
        var pushed = await _registry.PushAsync("library/lying", "1", image);

        var error = Assert.ThrowsAsync<RpcException>(async () => await _store.Manager.PullAsync(pushed.Reference, await _store.OptionsAsync(), default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("uncompressed"));
        AssertNothingStored();
    }

    [Test]
    public async Task Schema1_manifest_is_refused_as_unsupported()
    {
        await using var proxy = await FaultProxy.StartAsync(_registry);
        proxy.ServeManifest("library/old", "1", """{"schemaVersion":1,"name":"library/old","tag":"1","fsLayers":[],"history":[]}"""u8.ToArray(), "application/vnd.docker.distribution.manifest.v1+prettyjws");

        var error = Assert.ThrowsAsync<RpcException>(async () => await _store.Manager.PullAsync($"{proxy.Host}/library/old:1", await _store.OptionsAsync(), default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("schema 1"));
    }

    [Test]
    public async Task Mirror_that_is_down_falls_back_to_the_main_location()
    {
        var pushed = await _registry.PushAsync("library/box", "1", await ImageAsync());
        using var down = new RefusingEndpoint();
        var options = await _store.OptionsAsync($"""
            [[registry]]
            prefix = "{_registry.Host}"
            [[registry.mirror]]
            location = "{down.Host}"
            """);

        var image = await _store.Manager.PullAsync(pushed.Reference, options, default);

        Assert.That(image.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
    }

    [Test]
    public async Task Mirror_that_has_the_image_means_the_main_location_is_never_asked()
    {
        await using var mirror = await TestRegistry.StartAsync();
        var image = await ImageAsync();
        var pushed = await _registry.PushAsync("library/box", "1", image);
        await mirror.PushAsync("library/box", "1", image);
        var mark = await _registry.Requests.MarkAsync();
        var options = await _store.OptionsAsync($"""
            [[registry]]
            prefix = "{_registry.Host}"
            [[registry.mirror]]
            location = "{mirror.Host}"
            """);

        var pulled = await _store.Manager.PullAsync(pushed.Reference, options, default);
        await _registry.Requests.SettleAsync();
        await mirror.Requests.SettleAsync();

        Assert.That(pulled.Id, Is.EqualTo(pushed.ConfigDigest.Hex));
        Assert.That(pulled.RepoTags, Is.EqualTo(new[] { pushed.Reference }), "recorded under the name asked for, not the mirror's");
        Assert.That(_registry.Requests.Since(mark), Is.Empty);
        Assert.That(mirror.Requests.Snapshot().Count(r => r.Path.Contains("/blobs/")), Is.GreaterThan(0));
    }

    [Test]
    public async Task Blocked_registry_is_refused_naming_the_prefix()
    {
        var pushed = await _registry.PushAsync("library/box", "1", await ImageAsync());
        var options = await _store.OptionsAsync($"""
            [[registry]]
            prefix = "{_registry.Host}/library"
            blocked = true
            """);
        var mark = await _registry.Requests.MarkAsync();

        var error = Assert.ThrowsAsync<RpcException>(() => _store.Manager.PullAsync(pushed.Reference, options, default));
        await _registry.Requests.SettleAsync();

        Assert.That(error!.Code, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(error.Message, Does.Contain($"{_registry.Host}/library"));
        Assert.That(_registry.Requests.Since(mark), Is.Empty, "nothing is sent to a blocked registry");
    }
}
