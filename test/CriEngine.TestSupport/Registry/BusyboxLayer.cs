using System.Collections.Concurrent;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// A small runnable root filesystem from Debian's statically linked busybox (busybox-static):
/// <c>bin/busybox</c> with <c>bin/sh</c>, <c>ls</c>, <c>echo</c>, <c>cat</c>, <c>sleep</c> and
/// <c>true</c> linked to it, <c>etc/passwd</c> and <c>etc/group</c> with root and
/// <c>app</c> (uid and gid 1000), <c>tmp</c>, <c>root</c> and <c>home/app</c>.
/// </summary>
public static class BusyboxLayer
{
    public const string BinaryPath = "/bin/busybox";

    public const int AppUid = 1000;

    public static readonly IReadOnlyList<string> Applets = ["sh", "ls", "echo", "cat", "sleep", "true"];

    public const string Passwd = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n";

    public const string Group = "root:x:0:\napp:x:1000:\n";

    private static readonly ConcurrentDictionary<TestLayerCompression, Lazy<Task<TestLayer>>> Built = new();

    /// <summary>The layer's entries, to build a variant of it.</summary>
    public static async Task<IReadOnlyList<TestLayerEntry>> EntriesAsync()
    {
        if (!File.Exists(BinaryPath))
            throw new InvalidOperationException($"{BinaryPath} is missing: `make test` installs busybox-static");
        var busybox = await File.ReadAllBytesAsync(BinaryPath);
        var executable = TestLayerEntry.Octal("755");
        List<TestLayerEntry> entries =
        [
            TestLayerEntry.Directory("bin"),
            TestLayerEntry.File("bin/busybox", busybox, executable),
            .. Applets.Select(applet => TestLayerEntry.Symlink("bin/" + applet, "busybox")),
            TestLayerEntry.Directory("etc"),
            TestLayerEntry.File("etc/passwd", Passwd),
            TestLayerEntry.File("etc/group", Group),
            TestLayerEntry.Directory("tmp", TestLayerEntry.Octal("1777")),
            TestLayerEntry.Directory("root", TestLayerEntry.Octal("700")),
            TestLayerEntry.Directory("home"),
            TestLayerEntry.Directory("home/app", uid: AppUid, gid: AppUid),
        ];
        return entries;
    }

    /// <summary>The layer, built once per compression and shared: its digest is the same in every image of a run.</summary>
    public static Task<TestLayer> CreateAsync(TestLayerCompression compression = TestLayerCompression.Gzip) =>
        Built.GetOrAdd(compression, c => new Lazy<Task<TestLayer>>(async () => await TestLayer.FromEntriesAsync(await EntriesAsync(), c))).Value;
}
