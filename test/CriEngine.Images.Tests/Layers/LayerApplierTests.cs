using CriEngine.Grpc;
using CriEngine.Images.Layers;
using CriEngine.Images.Native;

namespace CriEngine.Images.Tests.Layers;

/// <summary>Layers applied on top of the tree of the layers below them, as the vfs storage driver does.</summary>
public sealed class LayerApplierTests : LayerDirectoryTest
{
    [SetUp]
    public Task ApplyBaseLayer() => ApplyAsync(new LayerTar()
        .Directory("etc")
        .File("etc/keep", "lower")
        .File("etc/gone", "lower")
        .Directory("var")
        .Directory("var/cache")
        .File("var/cache/old", "lower")
        .Directory("var/cache/deep")
        .File("var/cache/deep/older", "lower")
        .Directory("opt/tree/sub")
        .File("opt/tree/sub/f", "lower")
        .Symlink("opt/tree/out", Sentinel));

    [Test]
    public async Task Whiteout_deletes_the_lower_file()
    {
        await ApplyAsync(new LayerTar().Whiteout("etc", "gone"));

        Assert.Multiple(() =>
        {
            Assert.That(ExistsInLayer("etc/gone"), Is.False);
            Assert.That(ExistsInLayer("etc/.wh.gone"), Is.False);
            Assert.That(File.ReadAllText(InLayer("etc/keep")), Is.EqualTo("lower"));
        });
    }

    [Test]
    public async Task Whiteout_deletes_a_lower_directory_with_everything_in_it_without_following_links()
    {
        await ApplyAsync(new LayerTar().Whiteout("opt", "tree"));

        Assert.Multiple(() =>
        {
            Assert.That(ExistsInLayer("opt/tree"), Is.False);
            Assert.That(StatusOf("opt").IsDirectory, Is.True);
            Assert.That(File.ReadAllText(SentinelFile), Is.EqualTo("untouched"));
        });
    }

    [Test]
    public async Task Whiteout_of_a_name_that_is_not_there_changes_nothing()
    {
        await ApplyAsync(new LayerTar().Whiteout("etc", "never-was").Whiteout("no/such/dir", "x"));

        Assert.Multiple(() =>
        {
            Assert.That(ExistsInLayer("etc/never-was"), Is.False);
            Assert.That(ExistsInLayer("no"), Is.False, "a whiteout makes no directories");
        });
    }

    [Test]
    public async Task Opaque_marker_empties_the_lower_content_and_keeps_this_layers_entries_in_any_order()
    {
        await ApplyAsync(new LayerTar()
            .File("var/cache/before", "new")
            .Directory("var/cache/deep")
            .File("var/cache/deep/mine", "new")
            .Opaque("var/cache")
            .File("var/cache/after", "new"));

        Assert.Multiple(() =>
        {
            Assert.That(Entries("var/cache"), Is.EqualTo(new[] { "after", "before", "deep" }));
            Assert.That(Entries("var/cache/deep"), Is.EqualTo(new[] { "mine" }), "a directory of this layer over a lower one keeps only this layer's content");
            Assert.That(File.ReadAllText(InLayer("etc/keep")), Is.EqualTo("lower"));
        });
    }

    [Test]
    public async Task Opaque_marker_without_other_entries_leaves_an_empty_directory()
    {
        await ApplyAsync(new LayerTar().Opaque("opt/tree"));

        Assert.Multiple(() =>
        {
            Assert.That(Entries("opt/tree"), Is.Empty);
            Assert.That(File.ReadAllText(SentinelFile), Is.EqualTo("untouched"));
        });
    }

    [Test]
    public async Task Whiteout_leaves_this_layers_entry_and_hides_only_the_lower_content_under_it()
    {
        await ApplyAsync(new LayerTar()
            .File("etc/keep", "mine")
            .Whiteout("etc", "keep")
            .File("var/cache/mine", "mine")
            .Whiteout("var", "cache"));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer("etc/keep")), Is.EqualTo("mine"));
            Assert.That(Entries("var/cache"), Is.EqualTo(new[] { "mine" }));
        });
    }

    [Test]
    public async Task Entries_replace_what_the_lower_layers_have()
    {
        await ApplyAsync(new LayerTar()
            .File("etc/keep", "upper", mode: 0b110_000_000)
            .File("opt/tree", "a file now")
            .Directory("etc/gone")
            .Directory("var/cache", mode: 0b111_000_000, uid: 3));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer("etc/keep")), Is.EqualTo("upper"));
            Assert.That(StatusOf("etc/keep").Mode, Is.EqualTo((UnixFileMode)0b110_000_000));
            Assert.That(File.ReadAllText(InLayer("opt/tree")), Is.EqualTo("a file now"));
            Assert.That(StatusOf("etc/gone").IsDirectory, Is.True);
            Assert.That(StatusOf("var/cache").Mode, Is.EqualTo((UnixFileMode)0b111_000_000));
            Assert.That(StatusOf("var/cache").Uid, Is.EqualTo(3));
            Assert.That(Entries("var/cache"), Is.EqualTo(new[] { "deep", "old" }), "a directory over a directory keeps its content");
            Assert.That(File.ReadAllText(SentinelFile), Is.EqualTo("untouched"));
        });
    }

    [Test]
    public async Task Hard_link_may_point_at_a_lower_layers_file()
    {
        await ApplyAsync(new LayerTar().HardLink("etc/again", "etc/keep"));

        Assert.That(StatusOf("etc/again").Inode, Is.EqualTo(StatusOf("etc/keep").Inode));
    }

    [Test]
    public void Escapes_are_refused_as_when_unpacking()
    {
        var before = OutsideLayer();

        var error = Assert.ThrowsAsync<RpcException>(() => ApplyAsync(new LayerTar().File("opt/tree/out/planted", "x")))!;
        var whiteout = Assert.ThrowsAsync<RpcException>(() => ApplyAsync(new LayerTar().Whiteout("opt/tree/out", "secret")))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Message, Does.Contain("\"opt/tree/out/planted\""));
            Assert.That(whiteout.Code, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(OutsideLayer(), Is.EqualTo(before));
        });
    }

    [Test]
    public void Whiteouts_are_not_made_as_overlay_devices()
    {
        Assert.That(StatusOf("etc/keep").Kind, Is.EqualTo(FileKind.RegularFile));
        Assert.DoesNotThrowAsync(() => ApplyAsync(new LayerTar().Whiteout("etc", "keep")));
        Assert.That(ExistsInLayer("etc/keep"), Is.False);
    }

    private string[] Entries(string directory) =>
        Directory.GetFileSystemEntries(InLayer(directory)).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal).ToArray();

    private async Task ApplyAsync(LayerTar tar)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await LayerApplier.ApplyAsync(tar.ToStream(), Layer, timeout.Token);
    }
}
