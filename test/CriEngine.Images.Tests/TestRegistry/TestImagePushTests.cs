using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using CriEngine.Images.References;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

[Category("Integration")]
public sealed class TestImagePushTests
{
    private TestRegistry _registry = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _registry = await TestRegistry.StartAsync();
        _client = _registry.CreateHttpClient();
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _registry.DisposeAsync();
    }

    [TestCase(TestManifestFormat.Oci, TestMediaTypes.OciManifest, TestMediaTypes.OciConfig, TestMediaTypes.OciLayerGzip)]
    [TestCase(TestManifestFormat.Docker, TestMediaTypes.DockerManifest, TestMediaTypes.DockerConfig, TestMediaTypes.DockerLayerGzip)]
    public async Task Pushed_image_is_served_by_tag_and_by_digest_with_its_media_types(TestManifestFormat format, string manifestType, string configType, string layerType)
    {
        var image = await new TestImageBuilder()
            .WithBusybox()
            .WithLayer(TestLayerEntry.File("app/hello.txt", "hello\n"))
            .WithFormat(format)
            .BuildAsync();

        var pushed = await _registry.PushAsync("library/hello", "v1", image);
        var byTag = await RegistryHttp.GetManifestAsync(_client, "library/hello", "v1");
        var byDigest = await RegistryHttp.GetManifestAsync(_client, "library/hello", pushed.ManifestDigest.ToString());
        using var manifest = JsonDocument.Parse(byTag.Body);

        Assert.Multiple(() =>
        {
            Assert.That(pushed.Reference, Is.EqualTo($"{_registry.Host}/library/hello:v1"));
            Assert.That(byTag.Body, Is.EqualTo(image.Manifest));
            Assert.That(byTag.MediaType, Is.EqualTo(manifestType));
            Assert.That(byTag.Digest, Is.EqualTo(pushed.ManifestDigest.ToString()));
            Assert.That(byDigest.Body, Is.EqualTo(image.Manifest));
            Assert.That(manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString(), Is.EqualTo(configType));
            Assert.That(manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("mediaType").GetString()), Is.All.EqualTo(layerType));
            Assert.That(pushed.Layers.Select(l => l.MediaType), Is.All.EqualTo(layerType));
        });
    }

    [Test]
    public async Task Blobs_match_their_digests_and_the_config_lists_the_uncompressed_digests()
    {
        var image = await new TestImageBuilder().WithBusybox().WithRandomLayer(1).BuildAsync();

        var pushed = await _registry.PushAsync("blobs/check", "v1", image);
        var config = await RegistryHttp.GetBlobAsync(_client, "blobs/check", pushed.ConfigDigest);
        var layers = new List<byte[]>();
        foreach (var layer in pushed.Layers)
            layers.Add(await RegistryHttp.GetBlobAsync(_client, "blobs/check", layer.Digest));
        using var configJson = JsonDocument.Parse(config);
        var diffIds = configJson.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Digest.Of(config), Is.EqualTo(pushed.ConfigDigest));
            Assert.That(config.LongLength, Is.EqualTo(pushed.ConfigSize));
            Assert.That(layers.Select(l => Digest.Of(l)), Is.EqualTo(pushed.Layers.Select(l => l.Digest)));
            Assert.That(layers.Select(l => (long)l.Length), Is.EqualTo(pushed.Layers.Select(l => l.Size)));
            Assert.That(layers.Select(l => Digest.Of(Gunzip(l)).ToString()), Is.EqualTo(diffIds));
            Assert.That(diffIds, Is.EqualTo(pushed.DiffIds.Select(d => d.ToString())));
            Assert.That(configJson.RootElement.GetProperty("architecture").GetString(), Is.EqualTo(TestImageConfig.HostArchitecture));
            Assert.That(configJson.RootElement.GetProperty("os").GetString(), Is.EqualTo("linux"));
        });
    }

    [Test]
    public async Task Config_carries_every_field_given()
    {
        var image = await new TestImageBuilder()
            .WithBusybox()
            .WithConfig(c => c with
            {
                User = "1000:1000",
                Env = ["PATH=/bin", "GREETING=hi"],
                Entrypoint = ["/bin/sh", "-c"],
                Cmd = ["echo $GREETING"],
                WorkingDir = "/home/app",
                Volumes = ["/data"],
                ExposedPorts = ["8080/tcp"],
                Labels = new Dictionary<string, string> { ["org.example.team"] = "runtime" },
                StopSignal = "SIGINT",
                Variant = "v8",
            })
            .BuildAsync();

        var pushed = await _registry.PushAsync("config/full", "v1", image);
        using var json = JsonDocument.Parse(await RegistryHttp.GetBlobAsync(_client, "config/full", pushed.ConfigDigest));
        var config = json.RootElement.GetProperty("config");

        Assert.Multiple(() =>
        {
            Assert.That(config.GetProperty("User").GetString(), Is.EqualTo("1000:1000"));
            Assert.That(config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "PATH=/bin", "GREETING=hi" }));
            Assert.That(config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "/bin/sh", "-c" }));
            Assert.That(config.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "echo $GREETING" }));
            Assert.That(config.GetProperty("WorkingDir").GetString(), Is.EqualTo("/home/app"));
            Assert.That(config.GetProperty("Volumes").EnumerateObject().Select(v => v.Name), Is.EqualTo(new[] { "/data" }));
            Assert.That(config.GetProperty("ExposedPorts").EnumerateObject().Select(v => v.Name), Is.EqualTo(new[] { "8080/tcp" }));
            Assert.That(config.GetProperty("Labels").GetProperty("org.example.team").GetString(), Is.EqualTo("runtime"));
            Assert.That(config.GetProperty("StopSignal").GetString(), Is.EqualTo("SIGINT"));
            Assert.That(json.RootElement.GetProperty("variant").GetString(), Is.EqualTo("v8"));
        });
    }

    [TestCase(TestManifestFormat.Oci, TestMediaTypes.OciIndex)]
    [TestCase(TestManifestFormat.Docker, TestMediaTypes.DockerManifestList)]
    public async Task Index_lists_each_platform_and_each_image_is_served_by_digest(TestManifestFormat format, string indexType)
    {
        var amd64 = await new TestImageBuilder().WithBusybox().WithFormat(format).WithConfig(c => c with { Architecture = "amd64" }).BuildAsync();
        var arm64 = await new TestImageBuilder().WithBusybox().WithFormat(format).WithConfig(c => c with { Architecture = "arm64", Variant = "v8" }).BuildAsync();

        var pushed = await _registry.PushAsync("multi/arch", "latest", new TestImageIndex([amd64, arm64], format));
        var index = await RegistryHttp.GetManifestAsync(_client, "multi/arch", "latest");
        using var json = JsonDocument.Parse(index.Body);
        var entries = json.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        var arm = await RegistryHttp.GetManifestAsync(_client, "multi/arch", pushed.ForPlatform("arm64").ManifestDigest.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(index.MediaType, Is.EqualTo(indexType));
            Assert.That(index.Digest, Is.EqualTo(pushed.IndexDigest.ToString()));
            Assert.That(entries.Select(e => e.GetProperty("platform").GetProperty("architecture").GetString()), Is.EqualTo(new[] { "amd64", "arm64" }));
            Assert.That(entries[1].GetProperty("platform").GetProperty("variant").GetString(), Is.EqualTo("v8"));
            Assert.That(entries.Select(e => e.GetProperty("digest").GetString()), Is.EqualTo(new[] { amd64.ManifestDigest.ToString(), arm64.ManifestDigest.ToString() }));
            Assert.That(arm.Body, Is.EqualTo(arm64.Manifest));
            Assert.That(pushed.ForPlatform("amd64").IndexDigest, Is.EqualTo(pushed.IndexDigest));
            Assert.That(pushed.ForPlatform("arm64").Layers.Single().Digest, Is.EqualTo(pushed.ForPlatform("amd64").Layers.Single().Digest), "the busybox layer is shared");
        });
    }

    [Test]
    public async Task Zstd_layer_decompresses_to_its_diff_id()
    {
        var image = await new TestImageBuilder().WithLayer(TestLayerEntry.File("z.txt", "zstd\n")).WithCompression(TestLayerCompression.Zstd).BuildAsync();

        var pushed = await _registry.PushAsync("zstd/layer", "v1", image);
        var blob = await RegistryHttp.GetBlobAsync(_client, "zstd/layer", pushed.Layers[0].Digest);
        var tar = (await ExternalCommand.RunCheckedAsync("zstd", ["-d", "-q", "-c", "-"], blob)).StandardOutput;

        Assert.Multiple(() =>
        {
            Assert.That(pushed.Layers[0].MediaType, Is.EqualTo(TestMediaTypes.OciLayerZstd));
            Assert.That(Digest.Of(tar), Is.EqualTo(pushed.Layers[0].DiffId));
            Assert.That(blob.Take(4), Is.EqualTo(new byte[] { 0x28, 0xb5, 0x2f, 0xfd }), "zstd frame magic");
        });
    }

    [Test]
    public async Task Uncompressed_layer_is_its_tar()
    {
        var layer = await TestLayer.FromEntriesAsync([TestLayerEntry.File("plain.txt", "plain\n")], TestLayerCompression.None);

        Assert.Multiple(() =>
        {
            Assert.That(layer.Blob.ToArray(), Is.EqualTo(layer.Tar.ToArray()));
            Assert.That(layer.Digest, Is.EqualTo(layer.DiffId));
            Assert.That(layer.MediaTypeIn(TestManifestFormat.Oci), Is.EqualTo(TestMediaTypes.OciLayer));
        });
    }

    [Test]
    public async Task Layer_with_an_unknown_media_type_and_index_without_amd64_are_stored()
    {
        var layer = (await TestLayer.FromEntriesAsync([TestLayerEntry.File("x", "x")])) with { MediaType = "application/vnd.example.unknown" };
        var odd = await new TestImageBuilder().WithLayer(layer).BuildAsync();
        var s390x = await new TestImageBuilder().WithBusybox().WithConfig(c => c with { Architecture = "s390x" }).BuildAsync();

        var pushedOdd = await _registry.PushAsync("odd/layer", "v1", odd);
        await _registry.PushAsync("odd/index", "v1", new TestImageIndex([s390x]));
        var manifest = await RegistryHttp.GetManifestAsync(_client, "odd/layer", "v1");
        using var index = JsonDocument.Parse((await RegistryHttp.GetManifestAsync(_client, "odd/index", "v1")).Body);

        Assert.Multiple(() =>
        {
            Assert.That(pushedOdd.Layers[0].MediaType, Is.EqualTo("application/vnd.example.unknown"));
            Assert.That(System.Text.Encoding.UTF8.GetString(manifest.Body), Does.Contain("\"application/vnd.example.unknown\""));
            Assert.That(index.RootElement.GetProperty("manifests").EnumerateArray().Select(e => e.GetProperty("platform").GetProperty("architecture").GetString()), Is.EqualTo(new[] { "s390x" }));
        });
    }

    [Test]
    public async Task Raw_manifest_push_stores_the_bytes_given_and_reports_what_the_registry_refuses()
    {
        var image = await new TestImageBuilder().WithBusybox().BuildAsync();
        await _registry.PushAsync("raw/manifest", "base", image);
        var pretty = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(JsonDocument.Parse(image.Manifest).RootElement, new JsonSerializerOptions { WriteIndented = true }));
        var schema1 = """{"schemaVersion":1,"name":"raw/manifest","tag":"old","architecture":"amd64","fsLayers":[],"history":[]}"""u8.ToArray();

        var digest = await _registry.PushManifestAsync("raw/manifest", "pretty", pretty, TestMediaTypes.OciManifest);
        var served = await RegistryHttp.GetManifestAsync(_client, "raw/manifest", "pretty");
        var refused = Assert.ThrowsAsync<InvalidOperationException>(() => _registry.PushManifestAsync("raw/manifest", "old", schema1, TestMediaTypes.DockerSchema1));

        Assert.Multiple(() =>
        {
            Assert.That(served.Body, Is.EqualTo(pretty));
            Assert.That(digest, Is.EqualTo(Digest.Of(pretty)));
            Assert.That(digest, Is.Not.EqualTo(image.ManifestDigest));
            Assert.That(refused!.Message, Does.Contain("MANIFEST_INVALID"));
        });
    }

    [Test]
    public async Task Layer_entries_are_written_as_asked()
    {
        var mtime = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var layer = await TestLayer.FromEntriesAsync(
        [
            TestLayerEntry.Directory("/data", TestLayerEntry.Octal("750"), uid: 1000, gid: 1000),
            TestLayerEntry.File("data/tool", "#!/bin/sh\n", TestLayerEntry.Octal("4755"), uid: 1000, gid: 100, modificationTime: mtime),
            TestLayerEntry.Symlink("data/link", "../etc/passwd"),
            TestLayerEntry.HardLink("data/hard", "data/tool"),
            TestLayerEntry.CharacterDevice("dev/null", 1, 3),
            TestLayerEntry.Whiteout("etc/gone"),
            TestLayerEntry.OpaqueWhiteout("var/cache"),
            TestLayerEntry.Raw("../escape", TarEntryType.RegularFile, "evil"u8.ToArray()),
            TestLayerEntry.Raw("/etc/absolute", TarEntryType.SymbolicLink, linkName: "/"),
        ]);

        var entries = ReadTar(layer.Tar.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[]
            {
                "data/", "data/tool", "data/link", "data/hard", "dev/null", "etc/.wh.gone", "var/cache/.wh..wh..opq", "../escape", "/etc/absolute",
            }));
            Assert.That(entries[0].EntryType, Is.EqualTo(TarEntryType.Directory));
            Assert.That(entries[0].Mode, Is.EqualTo(TestLayerEntry.Octal("750")));
            Assert.That(entries[0].Uid, Is.EqualTo(1000));
            Assert.That(entries[1].Mode, Is.EqualTo(TestLayerEntry.Octal("4755")));
            Assert.That(entries[1].Mode.HasFlag(UnixFileMode.SetUser), Is.True);
            Assert.That(entries[1].Gid, Is.EqualTo(100));
            Assert.That(entries[1].ModificationTime, Is.EqualTo(mtime));
            Assert.That(entries[1].Length, Is.EqualTo(10));
            Assert.That((entries[2].EntryType, entries[2].LinkName), Is.EqualTo((TarEntryType.SymbolicLink, "../etc/passwd")));
            Assert.That((entries[3].EntryType, entries[3].LinkName), Is.EqualTo((TarEntryType.HardLink, "data/tool")));
            Assert.That(entries[4].EntryType, Is.EqualTo(TarEntryType.CharacterDevice));
            Assert.That(((PosixTarEntry)entries[4]).DeviceMajor, Is.EqualTo(1));
            Assert.That(((PosixTarEntry)entries[4]).DeviceMinor, Is.EqualTo(3));
            Assert.That(entries[5].Length, Is.Zero);
            Assert.That((entries[8].EntryType, entries[8].LinkName), Is.EqualTo((TarEntryType.SymbolicLink, "/")));
            Assert.That(Digest.Of(Gunzip(layer.Blob.ToArray())), Is.EqualTo(layer.DiffId));
        });
    }

    [Test]
    public async Task Busybox_layer_holds_the_binary_its_applets_and_the_app_user()
    {
        var layer = await BusyboxLayer.CreateAsync();

        var entries = ReadTar(layer.Tar.ToArray()).ToDictionary(e => e.Name);

        Assert.Multiple(() =>
        {
            Assert.That(entries["bin/busybox"].Length, Is.EqualTo(new FileInfo(BusyboxLayer.BinaryPath).Length));
            Assert.That(entries["bin/busybox"].Mode.HasFlag(UnixFileMode.UserExecute), Is.True);
            foreach (var applet in new[] { "sh", "ls", "echo", "cat", "sleep", "true" })
                Assert.That(entries["bin/" + applet].LinkName, Is.EqualTo("busybox"), applet);
            Assert.That(entries, Does.ContainKey("etc/passwd"));
            Assert.That(entries["tmp/"].Mode.HasFlag(UnixFileMode.StickyBit), Is.True);
            Assert.That(entries["home/app/"].Uid, Is.EqualTo(1000));
            Assert.That(BusyboxLayer.Passwd, Does.Contain("app:x:1000:1000:"));
        });
    }

    [Test]
    public async Task Random_layer_holds_a_file_of_the_size_asked()
    {
        var layer = await TestLayer.RandomAsync(2);

        var entry = ReadTar(layer.Tar.ToArray()).Single();

        Assert.Multiple(() =>
        {
            Assert.That(entry.Name, Is.EqualTo("random.bin"));
            Assert.That(entry.Length, Is.EqualTo(2 * 1024 * 1024));
            Assert.That(layer.Size, Is.GreaterThan(2 * 1024 * 1024), "random data does not compress");
        });
    }

    [Test]
    public async Task Images_are_pushed_through_basic_and_token_auth()
    {
        var image = await new TestImageBuilder().WithBusybox().BuildAsync();
        await using var basic = await TestRegistry.StartAsync(new TestRegistryOptions { BasicAuth = new TestCredentials("bob", "pw") });
        var tokenOptions = new TokenServerOptions { Credentials = new TestCredentials("carol", "pw2") };
        await using var token = await TestRegistry.StartAsync(new TestRegistryOptions { TokenAuth = tokenOptions });

        var viaBasic = await basic.PushAsync("private/app", "v1", image);
        var viaToken = await token.PushAsync("private/app", "v1", image);
        using var basicClient = basic.CreateHttpClient();
        using var tokenClient = token.CreateHttpClient();
        var basicManifest = await RegistryHttp.GetManifestAsync(basicClient, "private/app", "v1");
        var tokenManifest = await RegistryHttp.GetManifestAsync(tokenClient, "private/app", "v1");
        var tokenRequests = token.TokenServer!.Requests;

        Assert.Multiple(() =>
        {
            Assert.That(basicManifest.Digest, Is.EqualTo(viaBasic.ManifestDigest.ToString()));
            Assert.That(tokenManifest.Digest, Is.EqualTo(viaToken.ManifestDigest.ToString()));
            // docker-registry names the actions of a push challenge in either order.
            Assert.That(tokenRequests.SelectMany(r => r.Scopes), Has.Some.Matches<string>(s =>
                s.StartsWith("repository:private/app:", StringComparison.Ordinal) && s.Split(':')[2].Split(',').Order().SequenceEqual(["pull", "push"])));
            Assert.That(tokenRequests.All(r => r.Issued && r.Username == "carol" && r.Service == "criengine-test-registry"), Is.True);
        });
    }

    private static byte[] Gunzip(byte[] blob)
    {
        using var gzip = new GZipStream(new MemoryStream(blob), CompressionMode.Decompress);
        using var tar = new MemoryStream();
        gzip.CopyTo(tar);
        return tar.ToArray();
    }

    private static List<TarEntry> ReadTar(byte[] tar)
    {
        using var reader = new TarReader(new MemoryStream(tar));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
            entries.Add(entry);
        return entries;
    }
}
