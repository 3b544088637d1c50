using CriEngine.Images.Manifests;
using CriEngine.Images.Rootfs;
using CriEngine.Images.Store;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Store;

/// <summary>Image records, shared layers and container root filesystems on a real file system.</summary>
public sealed class StoreTests
{
    private TempDirectory _directory = null!;
    private StorePaths _paths = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory("criengine-store");
        _paths = new StorePaths(_directory.Path);
        _paths.Create();
    }

    [TearDown]
    public void Remove()
    {
        foreach (var merged in Directory.EnumerateDirectories(_paths.Containers).Select(d => Path.Combine(d, "merged")))
            CriEngine.Platform.Mounts.Unmount(merged);
        _directory.Dispose();
    }

    private static ImageRecord Image(string id, params string[] tags) => new(
        id, tags, [], "sha256:" + id, "sha256:" + id, [], 0,
        new ImageExecutionConfig("", [], [], ["sh"], "", [], new Dictionary<string, string>(), "", []),
        DateTimeOffset.UtcNow);

    private static string Hex(char c) => new(c, 64);

    [Test]
    public async Task Image_records_survive_a_reopen()
    {
        var store = await ImageStore.OpenAsync(_paths, new TestLogger(), default);
        await store.AddAsync(Image(Hex('a'), "docker.io/library/a:1"), default);

        var reopened = await ImageStore.OpenAsync(_paths, new TestLogger(), default);

        Assert.That(reopened.ByReference("docker.io/library/a:1")?.Id, Is.EqualTo(Hex('a')));
    }

    [Test]
    public async Task A_tag_moves_to_the_image_pulled_last()
    {
        var store = await ImageStore.OpenAsync(_paths, new TestLogger(), default);
        await store.AddAsync(Image(Hex('a'), "docker.io/library/app:latest", "docker.io/library/app:1"), default);
        await store.AddAsync(Image(Hex('b'), "docker.io/library/app:latest"), default);

        var reopened = await ImageStore.OpenAsync(_paths, new TestLogger(), default);

        Assert.That(reopened.ByReference("docker.io/library/app:latest")?.Id, Is.EqualTo(Hex('b')));
        Assert.That(reopened.ById(Hex('a'))!.RepoTags, Is.EqualTo(new[] { "docker.io/library/app:1" }));
    }

    [Test]
    public async Task Id_prefix_finds_only_an_unambiguous_image()
    {
        var store = await ImageStore.OpenAsync(_paths, new TestLogger(), default);
        await store.AddAsync(Image("ab" + new string('1', 62)), default);
        await store.AddAsync(Image("ab" + new string('2', 62)), default);

        Assert.That(store.ByIdPrefix("ab"), Is.Null);
        Assert.That(store.ByIdPrefix("ab2")?.Id, Is.EqualTo("ab" + new string('2', 62)));
    }

    [Test]
    public async Task Unreadable_record_is_left_out_not_fatal()
    {
        await File.WriteAllTextAsync(_paths.ImageRecord(Hex('c')), "{ not json");

        var store = await ImageStore.OpenAsync(_paths, new TestLogger(), default);

        Assert.That(store.All, Is.Empty);
    }

    [Test]
    public async Task Concurrent_requests_for_one_layer_unpack_it_once()
    {
        var layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);
        var unpacks = 0;
        var gate = new TaskCompletionSource();

        var requests = Enumerable.Range(0, 5).Select(_ => layers.EnsureAsync(Hex('d'), async (dir, _) =>
        {
            Interlocked.Increment(ref unpacks);
            await gate.Task;
            await File.WriteAllTextAsync(Path.Combine(dir, "file"), "content");
            return new LayerRecord(Hex('d'), "sha256:" + Hex('e'), "sha256:" + Hex('f'), 7, 1);
        }, default)).ToList();
        gate.SetResult();
        await Task.WhenAll(requests);

        Assert.That(unpacks, Is.EqualTo(1));
        Assert.That(File.ReadAllText(Path.Combine(_paths.LayerDiff(Hex('d')), "file")), Is.EqualTo("content"));
    }

    [Test]
    public async Task Failed_unpack_leaves_nothing_and_a_retry_succeeds()
    {
        var layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);

        Assert.ThrowsAsync<InvalidDataException>(() => layers.EnsureAsync(Hex('d'), async (dir, _) =>
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "half"), "x");
            throw new InvalidDataException("cut");
        }, default));
        var record = await layers.EnsureAsync(Hex('d'), (_, _) => Task.FromResult(new LayerRecord(Hex('d'), "d", "c", 0, 0)), default);

        Assert.That(Directory.EnumerateFileSystemEntries(_paths.Scratch), Is.Empty);
        Assert.That(File.Exists(Path.Combine(_paths.LayerDiff(Hex('d')), "half")), Is.False);
        Assert.That(record.ChainId, Is.EqualTo(Hex('d')));
    }

    [Test]
    public async Task Layer_directory_without_a_record_is_removed_on_open()
    {
        Directory.CreateDirectory(_paths.LayerDiff(Hex('9')));

        var layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);

        Assert.That(layers.All, Is.Empty);
        Assert.That(Directory.Exists(_paths.Layer(Hex('9'))), Is.False);
    }

    [Test]
    public async Task Collect_spares_layers_in_use_and_leased()
    {
        var layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);
        foreach (var id in new[] { Hex('1'), Hex('2'), Hex('3') })
            await layers.EnsureAsync(id, (_, _) => Task.FromResult(new LayerRecord(id, "d", "c", 0, 0)), default);

        using (layers.Lease([Hex('2')]))
            layers.Collect(new HashSet<string> { Hex('1') });

        Assert.That(layers.All.Select(l => l.ChainId), Is.EquivalentTo(new[] { Hex('1'), Hex('2') }));
        Assert.That(Directory.Exists(_paths.Layer(Hex('3'))), Is.False);
    }

    [Test]
    public async Task Overlay_root_filesystem_stacks_layers_and_keeps_writes_to_itself()
    {
        var layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);
        await layers.EnsureAsync(Hex('1'), async (dir, _) =>
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "base"), "lower");
            await File.WriteAllTextAsync(Path.Combine(dir, "shadowed"), "lower");
            return new LayerRecord(Hex('1'), "d", "c", 0, 0);
        }, default);
        await layers.EnsureAsync(Hex('2'), async (dir, _) =>
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "shadowed"), "upper");
            return new LayerRecord(Hex('2'), "d", "c", 0, 0);
        }, default);
        var filesystems = await ContainerFilesystems.OpenAsync(_paths, layers, new TestLogger(), default);
        var image = Image(Hex('a')) with { Layers = [Hex('1'), Hex('2')] };

        var rootfs = await filesystems.CreateAsync("c1", image, ContainerFilesystems.OverlayDriver, default);
        await File.WriteAllTextAsync(Path.Combine(rootfs, "written"), "by the container");

        Assert.That(File.ReadAllText(Path.Combine(rootfs, "base")), Is.EqualTo("lower"));
        Assert.That(File.ReadAllText(Path.Combine(rootfs, "shadowed")), Is.EqualTo("upper"));
        Assert.That(File.Exists(Path.Combine(_paths.LayerDiff(Hex('2')), "written")), Is.False, "layers stay untouched");
        Assert.That(filesystems.ContainersUsing(Hex('a')), Is.EqualTo(new[] { "c1" }));

        await filesystems.RemoveAsync("c1");
        Assert.That(Directory.Exists(_paths.Container("c1")), Is.False);
        Assert.That(filesystems.ContainersUsing(Hex('a')), Is.Empty);
    }

    [Test]
    public async Task Vfs_root_filesystem_is_a_copy_with_whiteouts_applied()
    {
        var layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);
        await layers.EnsureAsync(Hex('1'), async (dir, _) =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "data"));
            await File.WriteAllTextAsync(Path.Combine(dir, "data", "old"), "lower");
            await File.WriteAllTextAsync(Path.Combine(dir, "gone"), "lower");
            await File.WriteAllTextAsync(Path.Combine(dir, "kept"), "lower");
            File.CreateSymbolicLink(Path.Combine(dir, "link"), "/kept");
            return new LayerRecord(Hex('1'), "d", "c", 0, 0);
        }, default);
        await layers.EnsureAsync(Hex('2'), async (dir, _) =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "data"));
            Native.ExtendedAttributes.Set(Path.Combine(dir, "data"), "trusted.overlay.opaque", "y"u8);
            await File.WriteAllTextAsync(Path.Combine(dir, "data", "new"), "upper");
            Native.SpecialFile.Create(Path.Combine(dir, "gone"), Native.FileKind.CharacterDevice, 0, 0, 0);
            return new LayerRecord(Hex('2'), "d", "c", 0, 0);
        }, default);
        var filesystems = await ContainerFilesystems.OpenAsync(_paths, layers, new TestLogger(), default);

        var rootfs = await filesystems.CreateAsync("c2", Image(Hex('a')) with { Layers = [Hex('1'), Hex('2')] }, ContainerFilesystems.VfsDriver, default);

        Assert.That(Directory.GetFileSystemEntries(Path.Combine(rootfs, "data")).Select(Path.GetFileName), Is.EqualTo(new[] { "new" }));
        Assert.That(File.Exists(Path.Combine(rootfs, "gone")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(rootfs, "kept")), Is.EqualTo("lower"));
        Assert.That(new FileInfo(Path.Combine(rootfs, "link")).LinkTarget, Is.EqualTo("/kept"));
        Assert.That(Native.ExtendedAttributes.Get(Path.Combine(rootfs, "data"), "trusted.overlay.opaque"), Is.Null, "overlay's own attributes are not copied");
        await filesystems.RemoveAsync("c2");
        Assert.That(Directory.Exists(_paths.Container("c2")), Is.False);
    }
}
