using CriEngine.Grpc;
using CriEngine.Network.Dns;
using CriEngine.TestSupport;

namespace CriEngine.Network.Tests.Dns;

public sealed class PodResolvConfTests
{
    private TempDirectory _pod = null!;

    [SetUp]
    public void Create() => _pod = new TempDirectory("criengine-pod");

    [TearDown]
    public void Remove() => _pod.Dispose();

    [Test]
    public async Task Servers_searches_and_options_become_the_lines_of_resolv_conf()
    {
        var config = new PodDnsConfig(["10.96.0.10", "10.96.0.11"], ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"], ["ndots:5", "edns0"]);

        var path = await PodResolvConf.WriteAsync(_pod.Path, config);

        Assert.That(path, Is.EqualTo(_pod.Combine("resolv.conf")));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(
            "search default.svc.cluster.local svc.cluster.local cluster.local\n" +
            "nameserver 10.96.0.10\n" +
            "nameserver 10.96.0.11\n" +
            "options ndots:5 edns0\n"));
    }

    [Test]
    public async Task Only_the_lines_given_are_written()
    {
        var path = await PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig(["1.1.1.1"], [], []));

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("nameserver 1.1.1.1\n"));
    }

    [Test]
    public async Task Search_domains_are_written_all_as_the_kubelet_sent_them()
    {
        var searches = Enumerable.Range(0, 32).Select(i => $"d{i}.example.com").ToArray();

        var path = await PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig([], searches, []));

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo($"search {string.Join(' ', searches)}\n"));
    }

    [Test]
    public async Task Without_dns_config_the_pod_gets_a_copy_of_the_nodes_resolv_conf()
    {
        var path = await PodResolvConf.WriteAsync(_pod.Path, PodDnsConfig.None);

        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(await File.ReadAllBytesAsync("/etc/resolv.conf")));
    }

    [Test]
    public async Task The_node_file_is_copied_byte_for_byte()
    {
        var node = _pod.Write("node/resolv.conf", "# managed by the node\nnameserver 192.0.2.53\nsearch example.org\noptions rotate\n");

        var path = await PodResolvConf.WriteAsync(_pod.Combine("pod"), PodDnsConfig.None, node, CancellationToken.None);

        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(await File.ReadAllBytesAsync(node)));
    }

    [Test]
    public void A_missing_node_file_fails_naming_it()
    {
        var node = _pod.Combine("absent", "resolv.conf");

        var error = Assert.ThrowsAsync<RpcException>(() => PodResolvConf.WriteAsync(_pod.Path, PodDnsConfig.None, node, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain(node));
    }

    [Test]
    public async Task Writing_again_replaces_the_file_and_leaves_no_temporary_file()
    {
        await PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig(["192.0.2.1"], [], []));

        var path = await PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig(["192.0.2.2"], [], []));

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("nameserver 192.0.2.2\n"));
        Assert.That(Directory.GetFileSystemEntries(_pod.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "resolv.conf" }));
    }

    [TestCase("10.0.0.1\nnameserver 6.6.6.6", "nameserver")]
    [TestCase("two words", "nameserver")]
    [TestCase("", "nameserver")]
    public void A_server_that_is_not_one_word_is_refused_and_nothing_is_written(string server, string kind)
    {
        var error = Assert.ThrowsAsync<RpcException>(() => PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig([server], [], [])));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"{kind} \"{server}\""));
        Assert.That(File.Exists(_pod.Combine("resolv.conf")), Is.False);
    }

    [Test]
    public void Search_domains_and_options_are_checked_too()
    {
        var search = Assert.ThrowsAsync<RpcException>(() => PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig([], ["a\tb"], [])));
        var option = Assert.ThrowsAsync<RpcException>(() => PodResolvConf.WriteAsync(_pod.Path, new PodDnsConfig([], [], ["ndots:5\n"])));

        Assert.That(search!.Message, Does.Contain("search domain"));
        Assert.That(option!.Message, Does.Contain("option"));
    }
}
