using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json;
using CriEngine.Oci.Checkpoint;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Checkpoint;

/// <summary>The checkpoint archive as CRI-O lays it out, written from what CRIU and the container left.</summary>
public sealed class CheckpointArchiveTests
{
    private TempDirectory _root = null!;

    [SetUp]
    public void SetUp() => _root = new TempDirectory("criengine-checkpoint");

    [TearDown]
    public void TearDown() => _root.Dispose();

    private static readonly CheckpointConfigDump Config = new()
    {
        Id = "c0ffee",
        Name = "k8s_app_web_default_uid_0",
        RootfsImage = "busybox:latest",
        RootfsImageRef = "sha256:1234",
        RootfsImageName = "docker.io/library/busybox:latest",
        Runtime = "runc",
        CreatedTime = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        CheckpointedTime = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero),
    };

    /// <summary>What CRIU leaves in the work directory, a bundle whose spec binds a directory and /etc/hostname, an upper directory and a log.</summary>
    private CheckpointContents Contents()
    {
        _root.Write("work/checkpoint/pages-1.img", "pages");
        _root.Write("work/checkpoint/inventory.img", "inventory");
        _root.Write("work/dump.log", "dump done");
        Directory.CreateDirectory(_root.Combine("volume"));
        _root.Write("hostname", "web\n");
        _root.Write("bundle/config.json", JsonSerializer.Serialize(new
        {
            ociVersion = "1.2.0",
            mounts = new object[]
            {
                new { destination = "/proc", type = "proc", source = "proc" },
                new { destination = "/data", type = "bind", source = _root.Combine("volume"), options = new[] { "rbind" } },
                new { destination = "/etc/hostname", type = "bind", source = _root.Combine("hostname"), options = new[] { "rbind", "ro" } },
                new { destination = "/run/.containerenv", type = "bind", source = _root.Combine("hostname"), options = new[] { "rbind", "ro" } },
            },
        }));
        _root.Write("upper/etc/app.conf", "changed");
        _root.Write("upper/etc/hostname", "");
        _root.Write("upper/data/written-to-volume", "not the container's");
        Directory.CreateDirectory(_root.Combine("upper/proc"));
        _root.Write("upper/tmp/scratch", "new");
        _root.Write("pod-logs/web.log", "2026-12-01T10:00:00Z stdout F hello\n");
        return new CheckpointContents(_root.Combine("work"), Config, _root.Combine("bundle"), _root.Combine("upper"), _root.Combine("pod-logs/web.log"));
    }

    private static Dictionary<string, byte[]> Read(Stream tar)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries[entry.Name.TrimEnd('/')] = data.ToArray();
        }
        return entries;
    }

    [Test]
    public async Task The_archive_holds_criu_s_files_the_dumps_the_root_file_system_diff_and_the_log_under_cri_o_s_names()
    {
        var contents = Contents();
        var location = _root.Combine("out/checkpoint.tar");
        Directory.CreateDirectory(_root.Combine("out"));

        await CheckpointArchive.WriteAsync(contents, location);

        await using var file = File.OpenRead(location);
        var entries = Read(file);
        Assert.That(entries.Keys, Is.EquivalentTo(new[]
        {
            "dump.log", "checkpoint", "checkpoint/inventory.img", "checkpoint/pages-1.img", "config.dump", "spec.dump",
            "bind.mounts", "rootfs-diff.tar", "io.kubernetes.cri-o.LogPath",
        }), "no deleted.files without deleted files, no stats-dump that CRIU did not write");
        Assert.That(entries["checkpoint/pages-1.img"], Is.EqualTo("pages"u8.ToArray()));
        Assert.That(entries["spec.dump"], Is.EqualTo(File.ReadAllBytes(_root.Combine("bundle/config.json"))));
        Assert.That(entries["io.kubernetes.cri-o.LogPath"], Is.EqualTo(File.ReadAllBytes(_root.Combine("pod-logs/web.log"))));
        Assert.That(File.GetUnixFileMode(location), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "it holds the processes' memory");

        using var config = JsonDocument.Parse(entries["config.dump"]);
        var root = config.RootElement;
        Assert.That(root.GetProperty("id").GetString(), Is.EqualTo("c0ffee"));
        Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("k8s_app_web_default_uid_0"));
        Assert.That(root.GetProperty("rootfsImage").GetString(), Is.EqualTo("busybox:latest"));
        Assert.That(root.GetProperty("rootfsImageRef").GetString(), Is.EqualTo("sha256:1234"));
        Assert.That(root.GetProperty("rootfsImageName").GetString(), Is.EqualTo("docker.io/library/busybox:latest"));
        Assert.That(root.GetProperty("runtime").GetString(), Is.EqualTo("runc"));
        Assert.That(root.GetProperty("createdTime").GetDateTimeOffset(), Is.EqualTo(Config.CreatedTime));
        Assert.That(root.GetProperty("checkpointedTime").GetDateTimeOffset(), Is.EqualTo(Config.CheckpointedTime));
        Assert.That(root.GetProperty("restoredTime").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.MinValue), "Go's zero time");
        Assert.That(root.GetProperty("restored").GetBoolean(), Is.False);

        using var binds = JsonDocument.Parse(entries["bind.mounts"]);
        var mounts = binds.RootElement.EnumerateArray().Select(m => (m.GetProperty("destination").GetString(), m.GetProperty("file_type").GetString())).ToList();
        Assert.That(mounts, Is.EqualTo(new[] { ("/data", "directory"), ("/etc/hostname", "file") }), "runtime mounts such as /run/.containerenv left out");

        var diff = Read(new MemoryStream(entries["rootfs-diff.tar"]));
        Assert.That(diff.Keys, Is.EquivalentTo(new[] { "etc", "etc/app.conf", "tmp", "tmp/scratch" }),
            "what the runtime and the bind mounts put there is not the container's change");
        Assert.That(diff["etc/app.conf"], Is.EqualTo("changed"u8.ToArray()));
    }

    [Test]
    public async Task Whiteouts_become_deleted_files_and_are_not_archived()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("a whiteout is a character device 0:0: making one needs root");
        var contents = Contents();
        Directory.CreateDirectory(_root.Combine("upper/etc/profile.d"));
        using (var mknod = Process.Start("mknod", [_root.Combine("upper/etc/profile.d/gone.sh"), "c", "0", "0"]))
            await mknod.WaitForExitAsync();
        var location = _root.Combine("checkpoint.tar");

        await CheckpointArchive.WriteAsync(contents, location);

        await using var file = File.OpenRead(location);
        var entries = Read(file);
        Assert.That(JsonSerializer.Deserialize<string[]>(entries["deleted.files"]), Is.EqualTo(new[] { "/etc/profile.d/gone.sh" }));
        Assert.That(Read(new MemoryStream(entries["rootfs-diff.tar"])).Keys, Does.Contain("etc/profile.d").And.Not.Contain("etc/profile.d/gone.sh"));
    }

    [Test]
    public async Task An_archive_written_over_an_older_file_is_made_readable_by_its_owner_only()
    {
        var location = _root.Write("old.tar", "older");
        File.SetUnixFileMode(location, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await CheckpointArchive.WriteAsync(Contents(), location);

        Assert.That(File.GetUnixFileMode(location), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        await using var file = File.OpenRead(location);
        Assert.That(Read(file), Does.ContainKey("config.dump"));
    }
}
