using CriEngine.Images.Manifests;
using CriEngine.Images.Store;
using CriEngine.Images.Volumes;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Volumes;

/// <summary>Images mounted read-only for containers' volumes: overlays with no upper directory, and what a crash leaves of them.</summary>
[Category("Integration")]
public sealed class ImageVolumesTests
{
    private TempDirectory _directory = null!;
    private StorePaths _paths = null!;
    private LayerStore _layers = null!;

    [SetUp]
    public async Task Create()
    {
        _directory = new TempDirectory("criengine-volumes");
        _paths = new StorePaths(_directory.Path);
        _paths.Create();
        _layers = await LayerStore.OpenAsync(_paths, new TestLogger(), default);
        await AddLayerAsync('1', ("file", "lower"), ("shadowed", "lower"));
        await AddLayerAsync('2', ("shadowed", "upper"));
    }

    [TearDown]
    public void Remove()
    {
        foreach (var mountPoint in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(p => p.StartsWith(_directory.Path, StringComparison.Ordinal)).OrderByDescending(p => p.Length))
            CriEngine.Platform.Mounts.Unmount(mountPoint);
        _directory.Dispose();
    }

    [Test]
    public async Task An_image_is_mounted_read_only_in_use_by_its_container_until_removed()
    {
        var volumes = await ImageVolumes.OpenAsync(_paths, _layers, new TestLogger(), default);

        var root = await volumes.MountAsync("c1", Image(Hex('a'), Hex('1'), Hex('2')), default);

        Assert.That(File.ReadAllText(Path.Combine(root, "file")), Is.EqualTo("lower"));
        Assert.That(File.ReadAllText(Path.Combine(root, "shadowed")), Is.EqualTo("upper"));
        Assert.Throws<IOException>(() => File.WriteAllText(Path.Combine(root, "written"), "no"));
        Assert.That(volumes.ContainersUsing(Hex('a')), Is.EqualTo(new[] { "c1" }));
        Assert.That(volumes.LayersInUse(), Is.EquivalentTo(new[] { Hex('1'), Hex('2') }));

        await volumes.RemoveAsync("c1");

        Assert.That(Directory.Exists(_paths.Volume("c1")), Is.False);
        Assert.That(volumes.ContainersUsing(Hex('a')), Is.Empty);
        Assert.That(File.Exists(Path.Combine(_paths.LayerDiff(Hex('1')), "file")), Is.True, "the layers stay");
    }

    [Test]
    public async Task A_recorded_mount_is_kept_across_a_reopen_and_one_without_a_record_is_unmounted()
    {
        var volumes = await ImageVolumes.OpenAsync(_paths, _layers, new TestLogger(), default);
        await volumes.MountAsync("kept", Image(Hex('a'), Hex('1')), default);
        var lost = await volumes.MountAsync("lost", Image(Hex('b'), Hex('2')), default);
        File.Delete(Path.Combine(_paths.Volume("lost"), "volumes.json"));

        var reopened = await ImageVolumes.OpenAsync(_paths, _layers, new TestLogger(), default);

        Assert.That(reopened.Owners(), Is.EqualTo(new[] { "kept" }));
        Assert.That(Directory.Exists(_paths.Volume("lost")), Is.False);
        Assert.That(File.ReadAllLines("/proc/self/mountinfo").Any(l => l.Split(' ')[4] == lost), Is.False);
        Assert.That(File.Exists(Path.Combine(_paths.LayerDiff(Hex('2')), "shadowed")), Is.True, "removing the leftover never reached into the layers");
    }

    private async Task AddLayerAsync(char id, params (string Name, string Content)[] files) =>
        await _layers.EnsureAsync(Hex(id), async (directory, _) =>
        {
            foreach (var (name, content) in files)
                await File.WriteAllTextAsync(Path.Combine(directory, name), content);
            return new LayerRecord(Hex(id), "d", "c", 0, 0);
        }, default);

    private static ImageRecord Image(string id, params string[] layers) => new(
        id, [], [], "sha256:" + id, "sha256:" + id, layers, 0,
        new ImageExecutionConfig("", [], [], ["sh"], "", [], new Dictionary<string, string>(), "", []),
        DateTimeOffset.UtcNow);

    private static string Hex(char c) => new(c, 64);
}
