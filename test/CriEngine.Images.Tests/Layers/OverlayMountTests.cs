using CriEngine.Images.Layers;

namespace CriEngine.Images.Tests.Layers;

/// <summary>Unpacked layers stacked by the kernel's overlayfs: what a container would see.</summary>
[Category("Integration")]
public sealed class OverlayMountTests : LayerDirectoryTest
{
    private string? _mounted;

    [TearDown]
    public async Task Unmount()
    {
        if (_mounted is not null)
            await TestCommand.RunAsync("umount", _mounted);
    }

    [Test]
    public async Task Whiteouts_and_opaque_directories_hide_the_lower_layers_content()
    {
        var lower = await UnpackAsync("lower", new LayerTar()
            .File("etc/keep", "lower")
            .File("etc/gone", "lower")
            .File("opt/tree/f", "lower")
            .File("var/cache/old", "lower")
            .File("srv/data/old", "lower"));
        var upper = await UnpackAsync("upper", new LayerTar()
            .Whiteout("etc", "gone")
            .Whiteout("opt", "tree")
            .File("var/cache/new", "upper")
            .Opaque("var/cache")
            .Whiteout("srv", "data")
            .Directory("srv/data")
            .File("srv/data/new", "upper"));
        var merged = Path.Combine(Work, "merged");
        Directory.CreateDirectory(merged);

        await TestCommand.RunAsync("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={upper}:{lower}", merged);
        _mounted = merged;

        Assert.Multiple(() =>
        {
            Assert.That(Entries(merged, "etc"), Is.EqualTo(new[] { "keep" }));
            Assert.That(Entries(merged, "opt"), Is.Empty);
            Assert.That(Entries(merged, "var/cache"), Is.EqualTo(new[] { "new" }));
            Assert.That(Entries(merged, "srv/data"), Is.EqualTo(new[] { "new" }));
        });
    }

    private async Task<string> UnpackAsync(string name, LayerTar tar)
    {
        var directory = Path.Combine(Work, name);
        Directory.CreateDirectory(directory);
        await LayerUnpacker.UnpackAsync(tar.ToStream(), directory, CancellationToken.None);
        return directory;
    }

    private static string[] Entries(string root, string directory) =>
        Directory.GetFileSystemEntries(Path.Combine(root, directory)).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal).ToArray();
}
