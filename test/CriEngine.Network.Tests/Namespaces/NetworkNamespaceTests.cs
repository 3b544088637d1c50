using System.Net;
using System.Net.Sockets;
using CriEngine.Grpc;
using CriEngine.Network.Namespaces;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Network.Tests.Namespaces;

/// <summary>Pods' network namespaces made, entered and removed on the real kernel (needs root).</summary>
[Category("Integration")]
public sealed class NetworkNamespaceTests
{
    private TempDirectory _namespacesDir = null!;

    [SetUp]
    public void Create() => _namespacesDir = new TempDirectory("criengine-netns");

    [TearDown]
    public async Task Remove()
    {
        // Unpins whatever a test left, with umount(8) rather than the code under test.
        foreach (var mount in MountTable.Under(_namespacesDir.Path).Reverse())
            await ExternalCommand.RunAsync("umount", ["-l", mount.MountPoint]);
        _namespacesDir.Dispose();
    }

    [Test]
    public async Task New_namespace_is_pinned_by_an_nsfs_mount_under_netns()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(_namespacesDir.Combine("netns")));
        Assert.That(Guid.TryParse(Path.GetFileName(path), out _), Is.True, $"pin name {Path.GetFileName(path)}");
        var mount = MountTable.At(path);
        Assert.That(mount, Is.Not.Null, $"{path} is not in /proc/self/mountinfo");
        Assert.That(mount!.FileSystemType, Is.EqualTo("nsfs"));
        Assert.That(mount.Root, Does.StartWith("net:["));
        Assert.That(mount.Root, Is.Not.EqualTo(OwnNamespace()));
    }

    [Test]
    public async Task Localhost_connections_work_inside_because_loopback_is_up()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        var received = await NetworkNamespace.RunInNamespaceAsync(path, () =>
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000, SendTimeout = 5000 };
            client.Connect(listener.LocalEndPoint!);
            using var accepted = listener.Accept();
            accepted.ReceiveTimeout = 5000;
            client.Send("ping"u8);
            var buffer = new byte[4];
            var count = accepted.Receive(buffer);
            return System.Text.Encoding.ASCII.GetString(buffer, 0, count);
        });

        Assert.That(received, Is.EqualTo("ping"));
    }

    [Test]
    public async Task Loopback_is_up_as_ip_in_the_namespace_sees_it()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        var result = await ExternalCommand.RunCheckedAsync("nsenter", [$"--net={path}", "ip", "-o", "link", "show", "lo"]);

        var line = System.Text.Encoding.UTF8.GetString(result.StandardOutput);
        var flags = line[(line.IndexOf('<') + 1)..line.IndexOf('>')].Split(',');
        Assert.That(flags, Does.Contain("UP"), line);
    }

    [Test]
    public async Task Creating_leaves_every_thread_of_the_daemon_in_its_own_namespace()
    {
        var before = OwnNamespace();
        var threadBefore = ThreadNamespace();

        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        var pod = MountTable.At(path)!.Root;
        Assert.That(OwnNamespace(), Is.EqualTo(before));
        Assert.That(ThreadNamespace(), Is.EqualTo(threadBefore));
        // The creating thread ends after the namespace is pinned; its exit is not instantaneous.
        var gone = await Eventually.TrueAsync(() => !ThreadNamespaces().Contains(pod), TimeSpan.FromSeconds(5));
        Assert.That(gone, Is.True, $"a thread of this process is still in {pod}");
        Assert.That(ThreadNamespaces(), Is.All.EqualTo(before));
    }

    [Test]
    public async Task Each_pod_gets_a_namespace_of_its_own()
    {
        var first = await NetworkNamespace.CreateAsync(_namespacesDir.Path);
        var second = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(MountTable.At(second)!.Root, Is.Not.EqualTo(MountTable.At(first)!.Root));
    }

    [Test]
    public async Task Code_run_in_a_namespace_runs_inside_it_and_the_caller_stays_outside()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);
        var outside = ThreadNamespace();

        var inside = await NetworkNamespace.RunInNamespaceAsync(path, ThreadNamespace);

        Assert.That(inside, Is.EqualTo(MountTable.At(path)!.Root));
        Assert.That(ThreadNamespace(), Is.EqualTo(outside));
        Assert.That(OwnNamespace(), Is.EqualTo(outside));
    }

    [Test]
    public async Task Removal_unmounts_and_deletes_and_may_be_repeated()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        NetworkNamespace.Remove(path);
        NetworkNamespace.Remove(path);

        Assert.That(File.Exists(path), Is.False);
        Assert.That(MountTable.Under(_namespacesDir.Path), Is.Empty);
        var error = Assert.ThrowsAsync<RpcException>(() => NetworkNamespace.RunInNamespaceAsync(path, () => 0));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain(path).And.Contain("No such file"));
    }

    [Test]
    public void Removing_a_namespace_that_is_already_gone_is_fine()
    {
        NetworkNamespace.Remove(_namespacesDir.Combine("netns", Guid.NewGuid().ToString()));
        NetworkNamespace.Remove(_namespacesDir.Combine("absent", "netns", "x"));
    }

    [Test]
    public void Removing_a_pin_file_that_is_not_mounted_deletes_it()
    {
        var path = _namespacesDir.Write("netns/left-over", "");

        NetworkNamespace.Remove(path);

        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Entering_a_file_that_is_not_a_namespace_fails_naming_the_path_and_the_call()
    {
        var path = _namespacesDir.Write("netns/plain-file", "");

        var error = Assert.ThrowsAsync<RpcException>(() => NetworkNamespace.RunInNamespaceAsync(path, () => 0));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Message, Does.Contain(path).And.Contain("setns(CLONE_NEWNET): Invalid argument"));
    }

    [Test]
    public async Task An_exception_from_the_code_run_inside_reaches_the_caller()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => NetworkNamespace.RunInNamespaceAsync<int>(path, () => throw new InvalidOperationException("inside")));

        Assert.That(error!.Message, Is.EqualTo("inside"));
    }

    [Test]
    public async Task Asynchronous_code_is_refused_because_it_would_continue_outside()
    {
        var path = await NetworkNamespace.CreateAsync(_namespacesDir.Path);

        Assert.Throws<ArgumentException>(() => NetworkNamespace.RunInNamespaceAsync(path, () => Task.Delay(1)));
        Assert.Throws<ArgumentException>(() => NetworkNamespace.RunInNamespaceAsync(path, () => ValueTask.FromResult(1)));
    }

    [Test]
    public void An_unusable_namespaces_dir_fails_naming_the_path()
    {
        var notADirectory = _namespacesDir.Write("file", "");

        var error = Assert.ThrowsAsync<RpcException>(() => NetworkNamespace.CreateAsync(notADirectory));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Message, Does.Contain(Path.Combine(notADirectory, "netns")));
    }

    [Test]
    public void A_cancelled_creation_makes_nothing()
    {
        Assert.ThrowsAsync<OperationCanceledException>(() => NetworkNamespace.CreateAsync(_namespacesDir.Path, new CancellationToken(canceled: true)));

        Assert.That(Directory.Exists(_namespacesDir.Combine("netns")), Is.False);
    }

    private static string OwnNamespace() => new FileInfo("/proc/self/ns/net").LinkTarget!;

    private static string ThreadNamespace() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;

    private static List<string> ThreadNamespaces()
    {
        var namespaces = new List<string>();
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (new FileInfo(Path.Combine(task, "ns", "net")).LinkTarget is { } target)
                    namespaces.Add(target);
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }
        return namespaces;
    }
}
