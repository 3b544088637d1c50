using System.IO.Compression;
using System.Security.Cryptography;
using CriEngine.Images.Layers;

namespace CriEngine.Images.Tests.Layers;

/// <summary>A real program in a layer: Debian's busybox-static, unpacked and run.</summary>
public sealed class BusyboxLayerTests : LayerDirectoryTest
{
    private const string Busybox = "/bin/busybox";

    [Test]
    public async Task Busybox_layer_unpacks_to_an_identical_binary_that_runs_through_its_links()
    {
        Assert.That(File.Exists(Busybox), Is.True, "Debian package busybox-static provides /bin/busybox");
        var binary = await File.ReadAllBytesAsync(Busybox);
        var tar = new LayerTar()
            .Directory("bin")
            .File("bin/busybox", binary, mode: 0b111_101_101)
            .Symlink("bin/sh", "busybox")
            .Symlink("bin/ls", "/bin/busybox")
            .Symlink("bin/echo", "busybox")
            .HardLink("bin/cat", "bin/busybox")
            .ToArray();
        var blob = new MemoryStream();
        await using (var gzip = new GZipStream(blob, CompressionLevel.Optimal, leaveOpen: true))
            await gzip.WriteAsync(tar);
        blob.Position = 0;

        await using (var layer = LayerDecompression.Open(blob, "application/vnd.docker.image.rootfs.diff.tar.gzip"))
            await LayerUnpacker.UnpackAsync(layer, Layer, CancellationToken.None);

        var unpacked = await File.ReadAllBytesAsync(InLayer("bin/busybox"));
        var shell = await RunAsync(InLayer("bin/sh"), "-c", "echo unpacked");
        var catted = await TestCommand.RunAsync(InLayer("bin/cat"), InLayer("bin/sh"));
        Assert.Multiple(() =>
        {
            Assert.That(SHA256.HashData(unpacked), Is.EqualTo(SHA256.HashData(binary)));
            Assert.That(StatusOf("bin/busybox").Mode, Is.EqualTo((UnixFileMode)0b111_101_101));
            Assert.That(new FileInfo(InLayer("bin/ls")).LinkTarget, Is.EqualTo("/bin/busybox"));
            Assert.That(StatusOf("bin/cat").Inode, Is.EqualTo(StatusOf("bin/busybox").Inode));
            Assert.That(shell, Is.EqualTo("unpacked\n"), "the binary runs, through a symbolic link");
            Assert.That(catted, Is.EqualTo(binary), "a hard-linked applet runs as itself");
        });
    }

    private static async Task<string> RunAsync(string program, params string[] arguments) =>
        System.Text.Encoding.UTF8.GetString(await TestCommand.RunAsync(program, arguments));
}
