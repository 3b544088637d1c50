using CriEngine.Grpc;
using CriEngine.Images.Native;

namespace CriEngine.Images.Tests.Layers;

/// <summary>OCI whiteouts unpacked in overlayfs's form, for a layer that becomes one lower directory.</summary>
public sealed class LayerUnpackerWhiteoutTests : LayerDirectoryTest
{
    [Test]
    public async Task Whiteout_becomes_a_0_0_character_device_and_no_wh_file()
    {
        await UnpackAsync(new LayerTar().Directory("etc").Whiteout("etc", "gone").Whiteout(".", "rootgone"));

        Assert.Multiple(() =>
        {
            var device = StatusOf("etc/gone");
            Assert.That((device.Kind, device.DeviceMajor, device.DeviceMinor), Is.EqualTo((FileKind.CharacterDevice, 0u, 0u)));
            Assert.That(StatusOf("rootgone").Kind, Is.EqualTo(FileKind.CharacterDevice));
            Assert.That(ExistsInLayer("etc/.wh.gone"), Is.False);
            Assert.That(ExistsInLayer(".wh.rootgone"), Is.False);
        });
    }

    [Test]
    public async Task Opaque_marker_becomes_the_overlay_opaque_xattr_on_its_directory()
    {
        await UnpackAsync(new LayerTar().Directory("var").Directory("var/cache").Opaque("var/cache").File("var/cache/new", "n"));

        Assert.Multiple(() =>
        {
            Assert.That(ExtendedAttributes.Get(InLayer("var/cache"), "trusted.overlay.opaque"), Is.EqualTo("y"u8.ToArray()));
            Assert.That(ExtendedAttributes.Get(InLayer("var"), "trusted.overlay.opaque"), Is.Null);
            Assert.That(ExistsInLayer("var/cache/.wh..wh..opq"), Is.False);
            Assert.That(File.ReadAllText(InLayer("var/cache/new")), Is.EqualTo("n"));
        });
    }

    [Test]
    public async Task Opaque_marker_makes_its_directory_when_the_layer_has_none()
    {
        await UnpackAsync(new LayerTar().Opaque("usr/share/doc"));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("usr/share/doc").IsDirectory, Is.True);
            Assert.That(ExtendedAttributes.Get(InLayer("usr/share/doc"), "trusted.overlay.opaque"), Is.EqualTo("y"u8.ToArray()));
        });
    }

    [Test]
    public async Task Directory_entry_after_the_opaque_marker_keeps_the_xattr()
    {
        await UnpackAsync(new LayerTar().Opaque("opt").Directory("opt", mode: 0b111_000_000));

        Assert.Multiple(() =>
        {
            Assert.That(ExtendedAttributes.Get(InLayer("opt"), "trusted.overlay.opaque"), Is.EqualTo("y"u8.ToArray()));
            Assert.That(StatusOf("opt").Mode, Is.EqualTo((UnixFileMode)0b111_000_000));
        });
    }

    [Test]
    public async Task Whiteout_leaves_an_entry_of_the_same_layer_alone_whatever_the_order()
    {
        await UnpackAsync(new LayerTar()
            .File("etc/before", "kept")
            .Whiteout("etc", "before")
            .Whiteout("etc", "after")
            .File("etc/after", "kept too"));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer("etc/before")), Is.EqualTo("kept"));
            Assert.That(File.ReadAllText(InLayer("etc/after")), Is.EqualTo("kept too"));
        });
    }

    [Test]
    public async Task Directory_of_the_layer_that_is_also_whited_out_hides_the_lower_one()
    {
        await UnpackAsync(new LayerTar()
            .Whiteout("srv", "data")
            .Directory("srv/data")
            .Directory("srv/logs")
            .Whiteout("srv", "logs"));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("srv/data").IsDirectory, Is.True);
            Assert.That(ExtendedAttributes.Get(InLayer("srv/data"), "trusted.overlay.opaque"), Is.EqualTo("y"u8.ToArray()));
            Assert.That(ExtendedAttributes.Get(InLayer("srv/logs"), "trusted.overlay.opaque"), Is.EqualTo("y"u8.ToArray()));
        });
    }

    [Test]
    public async Task Aufs_metadata_entries_are_ignored()
    {
        var stats = await UnpackAsync(new LayerTar().File(".wh..wh.plnk/1.2", "x").File("kept", "k"));

        Assert.That(Directory.GetFileSystemEntries(Layer).Select(Path.GetFileName), Is.EqualTo(new[] { "kept" }));
        Assert.That(stats.Entries, Is.EqualTo(1));
    }

    [TestCase(".wh.")]
    [TestCase(".wh..")]
    [TestCase(".wh...")]
    public void Whiteout_that_names_no_sibling_is_refused(string name)
    {
        var error = Refused(new LayerTar().Directory("d").File($"d/{name}", ""));

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"\"d/{name}\""));
    }
}
