using System.Formats.Tar;
using System.Text;
using CriEngine.Grpc;
using CriEngine.Images.Native;

namespace CriEngine.Images.Tests.Layers;

public sealed class LayerUnpackerEntryTests : LayerDirectoryTest
{
    private static readonly DateTimeOffset PreciseTime = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);

    [Test]
    public async Task Regular_file_gets_its_content_mode_with_setuid_owner_and_mtime()
    {
        await UnpackAsync(new LayerTar().Directory("bin").File("bin/tool", "#!/bin/sh\necho hi\n", mode: 0b100_111_101_101, uid: 1234, gid: 5678, time: PreciseTime));

        var status = StatusOf("bin/tool");
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer("bin/tool")), Is.EqualTo("#!/bin/sh\necho hi\n"));
            Assert.That(status.Kind, Is.EqualTo(FileKind.RegularFile));
            Assert.That(status.Mode, Is.EqualTo(UnixFileMode.SetUser | (UnixFileMode)0b111_101_101));
            Assert.That((status.Uid, status.Gid), Is.EqualTo((1234, 5678)));
            Assert.That(status.ModifiedSeconds, Is.EqualTo(PreciseTime.ToUnixTimeSeconds()));
            Assert.That(status.ModifiedNanoseconds, Is.EqualTo(123456700), "PAX keeps sub-second times");
        });
    }

    [Test]
    public async Task Setgid_and_sticky_bits_are_kept()
    {
        await UnpackAsync(new LayerTar()
            .Directory("tmp", mode: 0b001_111_111_111)
            .File("usr/bin/wall", "w", mode: 0b010_111_101_101, gid: 5));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("tmp").Mode, Is.EqualTo(UnixFileMode.StickyBit | (UnixFileMode)0b111_111_111));
            Assert.That(StatusOf("usr/bin/wall").Mode, Is.EqualTo(UnixFileMode.SetGroup | (UnixFileMode)0b111_101_101));
            Assert.That(StatusOf("usr/bin/wall").Gid, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Directory_gets_its_mode_owner_and_mtime_even_when_entries_are_added_to_it_later()
    {
        await UnpackAsync(new LayerTar()
            .Directory("srv", mode: 0b111_101_000, uid: 33, gid: 44, time: PreciseTime)
            .File("srv/a", "a")
            .Directory("srv/sub")
            .File("srv/sub/b", "b"));

        var status = StatusOf("srv");
        Assert.Multiple(() =>
        {
            Assert.That(status.Kind, Is.EqualTo(FileKind.Directory));
            Assert.That(status.Mode, Is.EqualTo((UnixFileMode)0b111_101_000));
            Assert.That((status.Uid, status.Gid), Is.EqualTo((33, 44)));
            Assert.That(status.ModifiedSeconds, Is.EqualTo(PreciseTime.ToUnixTimeSeconds()));
            Assert.That(StatusOf("srv/sub").ModifiedSeconds, Is.EqualTo(LayerTar.DefaultTime.ToUnixTimeSeconds()));
        });
    }

    [Test]
    public async Task Directory_entry_for_an_existing_directory_updates_its_metadata_and_keeps_its_content()
    {
        await UnpackAsync(new LayerTar()
            .File("etc/app/conf", "x")
            .Directory("etc/app", mode: 0b111_000_000, uid: 7, gid: 8));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("etc/app").Mode, Is.EqualTo((UnixFileMode)0b111_000_000));
            Assert.That(StatusOf("etc/app").Uid, Is.EqualTo(7));
            Assert.That(File.ReadAllText(InLayer("etc/app/conf")), Is.EqualTo("x"));
        });
    }

    [Test]
    public async Task Missing_parent_directories_are_made_0755_and_owned_by_root()
    {
        await UnpackAsync(new LayerTar().File("a/b/c/file", "deep", uid: 1000, gid: 1000));

        var status = StatusOf("a/b");
        Assert.Multiple(() =>
        {
            Assert.That(status.Kind, Is.EqualTo(FileKind.Directory));
            Assert.That(status.Mode, Is.EqualTo((UnixFileMode)0b111_101_101));
            Assert.That((status.Uid, status.Gid), Is.EqualTo((0, 0)));
            Assert.That(File.ReadAllText(InLayer("a/b/c/file")), Is.EqualTo("deep"));
        });
    }

    [Test]
    public async Task Symbolic_link_keeps_its_target_text_and_its_own_owner_and_mtime()
    {
        await UnpackAsync(new LayerTar()
            .Symlink("abs", "/etc/passwd", uid: 11, gid: 12, time: PreciseTime)
            .Symlink("dangling", "../../nowhere/at/all")
            .Symlink("rel", "abs"));

        var status = StatusOf("abs");
        Assert.Multiple(() =>
        {
            Assert.That(status.Kind, Is.EqualTo(FileKind.SymbolicLink));
            Assert.That(new FileInfo(InLayer("abs")).LinkTarget, Is.EqualTo("/etc/passwd"));
            Assert.That(new FileInfo(InLayer("dangling")).LinkTarget, Is.EqualTo("../../nowhere/at/all"));
            Assert.That(new FileInfo(InLayer("rel")).LinkTarget, Is.EqualTo("abs"));
            Assert.That((status.Uid, status.Gid), Is.EqualTo((11, 12)));
            Assert.That(status.ModifiedSeconds, Is.EqualTo(PreciseTime.ToUnixTimeSeconds()));
            Assert.That(status.ModifiedNanoseconds, Is.EqualTo(123456700));
        });
    }

    [Test]
    public async Task Symbolic_link_target_is_not_followed_when_its_metadata_is_set()
    {
        var before = FileStatus.Of(SentinelFile)!.Value;

        await UnpackAsync(new LayerTar().Symlink("out", SentinelFile, uid: 99, gid: 99, time: PreciseTime));

        var after = FileStatus.Of(SentinelFile)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That((after.Uid, after.Gid, after.ModifiedSeconds), Is.EqualTo((before.Uid, before.Gid, before.ModifiedSeconds)));
            Assert.That(File.ReadAllText(SentinelFile), Is.EqualTo("untouched"));
        });
    }

    [Test]
    public async Task Hard_link_shares_the_inode_of_its_target()
    {
        await UnpackAsync(new LayerTar()
            .File("bin/busybox", "binary", mode: 0b111_101_101)
            .HardLink("bin/ls", "bin/busybox")
            .HardLink("sbin/init", "./bin/busybox"));

        var target = StatusOf("bin/busybox");
        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("bin/ls").Inode, Is.EqualTo(target.Inode));
            Assert.That(StatusOf("sbin/init").Inode, Is.EqualTo(target.Inode));
            Assert.That(target.LinkCount, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Hard_link_to_a_symbolic_link_links_the_link_itself()
    {
        await UnpackAsync(new LayerTar().Symlink("lnk", SentinelFile).HardLink("same", "lnk"));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("same").Kind, Is.EqualTo(FileKind.SymbolicLink));
            Assert.That(StatusOf("same").Inode, Is.EqualTo(StatusOf("lnk").Inode));
        });
    }

    [Test]
    public async Task Devices_and_fifos_are_made_with_their_numbers_mode_and_owner()
    {
        await UnpackAsync(new LayerTar()
            .Device("dev/null", TarEntryType.CharacterDevice, 1, 3, mode: 0b110_110_110)
            .Device("dev/loop0", TarEntryType.BlockDevice, 7, 0, mode: 0b110_110_000, gid: 6)
            .Device("dev/big", TarEntryType.CharacterDevice, 4095, 1048575, mode: 0b110_000_000)
            .Fifo("run/pipe", mode: 0b110_100_000, uid: 5));

        Assert.Multiple(() =>
        {
            var null_ = StatusOf("dev/null");
            Assert.That((null_.Kind, null_.DeviceMajor, null_.DeviceMinor, null_.Mode), Is.EqualTo((FileKind.CharacterDevice, 1u, 3u, (UnixFileMode)0b110_110_110)));
            var loop = StatusOf("dev/loop0");
            Assert.That((loop.Kind, loop.DeviceMajor, loop.DeviceMinor, loop.Gid), Is.EqualTo((FileKind.BlockDevice, 7u, 0u, 6)));
            var big = StatusOf("dev/big");
            Assert.That((big.DeviceMajor, big.DeviceMinor), Is.EqualTo((4095u, 1048575u)), "major and minor numbers past 8 bits");
            var pipe = StatusOf("run/pipe");
            Assert.That((pipe.Kind, pipe.Mode, pipe.Uid), Is.EqualTo((FileKind.Fifo, (UnixFileMode)0b110_100_000, 5)));
        });
    }

    [Test]
    public async Task Extended_attributes_from_pax_records_are_set_byte_for_byte()
    {
        // cap_setuid and cap_net_raw: a value with bytes above 0x7F, which is not valid UTF-8.
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        await UnpackAsync(new LayerTar()
            .FileWithXattr("usr/bin/ping", "ping", "security.capability", capability)
            .File("etc/labelled", Encoding.UTF8.GetBytes("x"), pax: new Dictionary<string, string> { ["SCHILY.xattr.user.origin"] = "layer-test ünïcode" }));

        Assert.Multiple(() =>
        {
            Assert.That(ExtendedAttributes.Get(InLayer("usr/bin/ping"), "security.capability"), Is.EqualTo(capability));
            Assert.That(Encoding.UTF8.GetString(ExtendedAttributes.Get(InLayer("etc/labelled"), "user.origin")!), Is.EqualTo("layer-test ünïcode"));
            Assert.That(ExtendedAttributes.Get(InLayer("etc/labelled"), "security.capability"), Is.Null, "attributes belong to their own entry only");
        });
    }

    [Test]
    public async Task Overlay_attributes_in_the_tar_are_not_applied()
    {
        await UnpackAsync(new LayerTar().File("d/f", Encoding.UTF8.GetBytes("x"), pax: new Dictionary<string, string> { ["SCHILY.xattr.trusted.overlay.redirect"] = "/etc" }));

        Assert.That(ExtendedAttributes.Get(InLayer("d/f"), "trusted.overlay.redirect"), Is.Null);
    }

    [Test]
    public async Task Later_entry_replaces_an_earlier_one_of_the_same_name()
    {
        await UnpackAsync(new LayerTar()
            .File("same", "first")
            .File("same", "second")
            .Directory("was-dir")
            .File("was-dir/inner", "x")
            .File("was-dir", "now a file")
            .File("was-file", "x")
            .Directory("was-file", mode: 0b111_000_000)
            .Symlink("was-link", SentinelFile)
            .File("was-link", "replaced, not written through"));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer("same")), Is.EqualTo("second"));
            Assert.That(File.ReadAllText(InLayer("was-dir")), Is.EqualTo("now a file"));
            Assert.That(StatusOf("was-file").Kind, Is.EqualTo(FileKind.Directory));
            Assert.That(StatusOf("was-link").Kind, Is.EqualTo(FileKind.RegularFile));
            Assert.That(File.ReadAllText(SentinelFile), Is.EqualTo("untouched"));
        });
    }

    [Test]
    public async Task Stats_count_the_entries_and_the_bytes_written()
    {
        var stats = await UnpackAsync(new LayerTar()
            .Directory("d")
            .File("d/a", "12345")
            .File("d/b", new byte[3 << 20])
            .Symlink("d/l", "a"));

        Assert.That(stats, Is.EqualTo(new Images.Layers.LayerUnpackStats(4, 5 + (3 << 20))));
        Assert.That(new FileInfo(InLayer("d/b")).Length, Is.EqualTo(3 << 20));
    }

    [Test]
    public async Task Large_file_content_is_written_exactly()
    {
        var content = new byte[(5 << 20) + 12345];
        new Random(7).NextBytes(content);

        await UnpackAsync(new LayerTar().File("blob", content));

        Assert.That(File.ReadAllBytes(InLayer("blob")), Is.EqualTo(content));
    }

    [Test]
    public async Task Root_entry_and_leading_dot_slash_are_accepted()
    {
        await UnpackAsync(new LayerTar().Directory("./").Directory("./etc").File("./etc/hostname", "box"));

        Assert.That(File.ReadAllText(InLayer("etc/hostname")), Is.EqualTo("box"));
    }

    [Test]
    public async Task Pax_long_names_and_link_targets_are_used_whole()
    {
        var directory = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 6));
        var target = "/" + string.Join('/', Enumerable.Repeat("link-target", 15));

        await UnpackAsync(new LayerTar()
            .File($"{directory}/file", "long")
            .Symlink($"{directory}/link", target)
            .HardLink($"{directory}/hard", $"{directory}/file"));

        Assert.Multiple(() =>
        {
            Assert.That(directory.Length, Is.GreaterThan(100));
            Assert.That(File.ReadAllText(InLayer($"{directory}/file")), Is.EqualTo("long"));
            Assert.That(new FileInfo(InLayer($"{directory}/link")).LinkTarget, Is.EqualTo(target));
            Assert.That(StatusOf($"{directory}/hard").Inode, Is.EqualTo(StatusOf($"{directory}/file").Inode));
        });
    }

    [Test]
    public async Task Gnu_long_names_and_long_links_are_used_whole()
    {
        var directory = string.Join('/', Enumerable.Repeat("gnu-long-name-component", 7));
        var target = string.Join('/', Enumerable.Repeat("..", 60)) + "/target";

        await UnpackAsync(new LayerTar(TarEntryFormat.Gnu)
            .File($"{directory}/file", "gnu", uid: 3)
            .Symlink($"{directory}/link", target)
            .HardLink($"{directory}/hard", $"{directory}/file"));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(InLayer($"{directory}/file")), Is.EqualTo("gnu"));
            Assert.That(StatusOf($"{directory}/file").Uid, Is.EqualTo(3));
            Assert.That(new FileInfo(InLayer($"{directory}/link")).LinkTarget, Is.EqualTo(target));
            Assert.That(StatusOf($"{directory}/hard").Inode, Is.EqualTo(StatusOf($"{directory}/file").Inode));
        });
    }

    [Test]
    public async Task Ustar_names_split_across_prefix_and_name_are_joined()
    {
        var name = string.Join('/', Enumerable.Repeat("ustar-part", 12)) + "/file";

        await UnpackAsync(new LayerTar(TarEntryFormat.Ustar).File(name, "ustar", mode: 0b111_000_000).Device("dev/zero", TarEntryType.CharacterDevice, 1, 5));

        Assert.Multiple(() =>
        {
            Assert.That(name.Length, Is.GreaterThan(100));
            Assert.That(File.ReadAllText(InLayer(name)), Is.EqualTo("ustar"));
            Assert.That(StatusOf(name).Mode, Is.EqualTo((UnixFileMode)0b111_000_000));
            Assert.That(StatusOf("dev/zero").DeviceMinor, Is.EqualTo(5u));
        });
    }

    [Test]
    public async Task V7_entries_are_unpacked()
    {
        await UnpackAsync(new LayerTar(TarEntryFormat.V7)
            .Directory("old/")
            .File("old/file", "v7", mode: 0b111_101_000, uid: 9)
            .Symlink("old/link", "file")
            .HardLink("old/hard", "old/file"));

        Assert.Multiple(() =>
        {
            Assert.That(StatusOf("old").Kind, Is.EqualTo(FileKind.Directory));
            Assert.That(File.ReadAllText(InLayer("old/file")), Is.EqualTo("v7"));
            Assert.That(StatusOf("old/file").Uid, Is.EqualTo(9));
            Assert.That(new FileInfo(InLayer("old/link")).LinkTarget, Is.EqualTo("file"));
            Assert.That(StatusOf("old/hard").Inode, Is.EqualTo(StatusOf("old/file").Inode));
        });
    }

    [Test]
    public async Task Global_pax_header_is_skipped()
    {
        var stats = await UnpackAsync(new LayerTar()
            .Entry(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "built by a test" }))
            .File("f", "x"));

        Assert.That(stats.Entries, Is.EqualTo(1));
        Assert.That(Directory.GetFileSystemEntries(Layer).Select(Path.GetFileName), Is.EqualTo(new[] { "f" }));
    }

    [Test]
    public async Task Entry_type_that_cannot_be_unpacked_is_refused_naming_it()
    {
        // GNU tar's incremental format lists each directory's content in a 'D' (dumpdir) entry.
        var source = Path.Combine(Work, "src");
        Directory.CreateDirectory(Path.Combine(source, "listed"));
        var tar = await TestCommand.RunAsync("tar", "--incremental", $"--listed-incremental={Path.Combine(Work, "snapshot")}", "-C", source, "-cf", "-", "listed");

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(tar))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("\"listed/\"").And.Contain("DirectoryList"));
    }

    [Test]
    public async Task Gnu_sparse_file_is_refused_as_unimplemented_naming_it([Values("gnu", "pax")] string format)
    {
        var source = Path.Combine(Work, "src");
        Directory.CreateDirectory(source);
        await using (var sparse = File.Create(Path.Combine(source, "holes")))
        {
            sparse.SetLength(4 << 20);
            sparse.Position = 2 << 20;
            sparse.Write("data"u8);
        }
        var tar = await TestCommand.RunAsync("tar", "--sparse", $"--format={format}", "-C", source, "-cf", "-", "holes");

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(tar))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("\"holes\""));
        Assert.That(error.Message, Does.Contain("sparse").IgnoreCase);
    }

    [Test]
    public void Tar_cut_inside_a_file_is_refused_naming_the_file()
    {
        var tar = new LayerTar().File("first", "1").File("big", new byte[100_000]).ToArray();

        var error = Assert.ThrowsAsync<RpcException>(() => UnpackAsync(tar[..50_000]))!;

        Assert.That(error.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"big\"").And.Contain("truncated"));
    }
}
