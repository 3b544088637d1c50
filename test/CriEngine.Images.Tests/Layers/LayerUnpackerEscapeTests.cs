using CriEngine.Grpc;

namespace CriEngine.Images.Tests.Layers;

/// <summary>Entries that would land outside the layer: each is refused naming the entry, and nothing appears outside.</summary>
public sealed class LayerUnpackerEscapeTests : LayerDirectoryTest
{
    private IReadOnlyList<string> _outsideBefore = [];
    private string _rootProbe = string.Empty;

    [SetUp]
    public void RecordOutside()
    {
        _outsideBefore = OutsideLayer();
        _rootProbe = $"criengine-escape-{Guid.NewGuid():N}";
    }

    [TearDown]
    public void RemoveRootProbe()
    {
        // Only there if a test failed by writing through "/"; it must not outlive the test.
        if (File.Exists("/" + _rootProbe))
            File.Delete("/" + _rootProbe);
    }

    [TestCase("../x")]
    [TestCase("a/../../x")]
    [TestCase("./../sentinel/secret")]
    [TestCase("a/b/../../../sentinel/x")]
    public void Name_that_climbs_out_is_refused(string name) =>
        AssertRefused(new LayerTar().File("inside", "ok").File(name, "escaped"), name);

    [Test]
    public void Absolute_name_is_refused_not_stripped() =>
        AssertRefused(new LayerTar().File("/etc/passwd", "root::0:0::/:/bin/sh"), "/etc/passwd");

    [Test]
    public void Absolute_name_pointing_into_the_sentinel_is_refused()
    {
        var name = Path.Combine(Sentinel, "planted");

        AssertRefused(new LayerTar().File(name, "escaped"), name);
    }

    [Test]
    public void File_under_a_symbolic_link_to_the_root_is_refused()
    {
        var name = $"evil/{_rootProbe}";

        AssertRefused(new LayerTar().Symlink("evil", "/").File(name, "escaped"), name);

        Assert.That(File.Exists("/" + _rootProbe), Is.False);
    }

    [Test]
    public void File_under_a_symbolic_link_to_the_parent_is_refused() =>
        AssertRefused(new LayerTar().Symlink("d", "..").File("d/x", "escaped"), "d/x");

    [Test]
    public void File_under_a_symbolic_link_to_an_outside_directory_is_refused() =>
        AssertRefused(new LayerTar().Symlink("evil", Sentinel).File("evil/secret", "overwritten"), "evil/secret");

    [Test]
    public void Directory_and_device_under_a_symbolic_link_are_refused()
    {
        AssertRefused(new LayerTar().Symlink("evil", Sentinel).Directory("evil/made"), "evil/made");
        AssertRefused(new LayerTar().Symlink("evil", Sentinel).Device("evil/null", System.Formats.Tar.TarEntryType.CharacterDevice, 1, 3), "evil/null");
    }

    [Test]
    public void Symbolic_link_deeper_in_the_path_is_refused() =>
        AssertRefused(new LayerTar().Directory("a").Directory("a/b").Symlink("a/b/c", Sentinel).Directory("a/b/c/d"), "a/b/c/d");

    [Test]
    public void Directory_replaced_by_a_symbolic_link_cannot_be_written_through_later()
    {
        var tar = new LayerTar().Directory("etc").File("etc/one", "1").Symlink("etc", Sentinel).File("etc/two", "2");

        AssertRefused(tar, "etc/two");
    }

    [Test]
    public void Whiteout_under_a_symbolic_link_is_refused() =>
        AssertRefused(new LayerTar().Symlink("evil", Sentinel).Whiteout("evil", "secret"), "evil/.wh.secret");

    [Test]
    public void Opaque_marker_under_a_symbolic_link_is_refused() =>
        AssertRefused(new LayerTar().Symlink("evil", Sentinel).Opaque("evil"), "evil/.wh..wh..opq");

    [TestCase("../../etc/passwd")]
    [TestCase("/etc/passwd")]
    public void Hard_link_to_a_target_outside_is_refused(string target) =>
        AssertRefused(new LayerTar().HardLink("passwd", target), "passwd");

    [Test]
    public void Hard_link_through_a_symbolic_link_is_refused() =>
        AssertRefused(new LayerTar().Symlink("evil", Sentinel).HardLink("stolen", "evil/secret"), "stolen");

    [Test]
    public void Hard_link_to_a_name_not_in_the_layer_is_refused() =>
        AssertRefused(new LayerTar().HardLink("orphan", "bin/missing"), "orphan");

    [Test]
    public void Regular_file_over_a_symbolic_link_replaces_the_link_and_leaves_its_target_alone()
    {
        Assert.DoesNotThrowAsync(() => UnpackAsync(new LayerTar().Symlink("secret", SentinelFile).File("secret", "layer content")));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer("secret")), Is.EqualTo("layer content"));
            Assert.That(OutsideLayer(), Is.EqualTo(_outsideBefore));
        });
    }

    [Test]
    public void Directory_over_a_symbolic_link_replaces_the_link()
    {
        Assert.DoesNotThrowAsync(() => UnpackAsync(new LayerTar().Symlink("evil", Sentinel).Directory("evil").File("evil/x", "inside")));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("evil").IsDirectory, Is.True);
            Assert.That(File.ReadAllText(InLayer("evil/x")), Is.EqualTo("inside"));
            Assert.That(OutsideLayer(), Is.EqualTo(_outsideBefore));
        });
    }

    private void AssertRefused(LayerTar tar, string entryName)
    {
        var error = Refused(tar);

        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(error.Message, Does.Contain($"\"{entryName}\""));
            Assert.That(OutsideLayer(), Is.EqualTo(_outsideBefore), "nothing outside the layer may change");
        });
    }
}
