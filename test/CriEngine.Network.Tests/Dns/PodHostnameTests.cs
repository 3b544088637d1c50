using CriEngine.Network.Dns;
using CriEngine.TestSupport;

namespace CriEngine.Network.Tests.Dns;

public sealed class PodHostnameTests
{
    private const string PodId = "3f2a9c0d1e7b4a6f8c2d5e9a0b1c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e";

    private TempDirectory _pod = null!;

    [SetUp]
    public void Create() => _pod = new TempDirectory("criengine-pod");

    [TearDown]
    public void Remove() => _pod.Dispose();

    [TestCase(false)]
    [TestCase(true)]
    public void The_hostname_the_pod_asked_for_wins(bool hostNetwork)
    {
        Assert.That(PodHostname.Resolve("web-0", PodId, hostNetwork), Is.EqualTo("web-0"));
    }

    [Test]
    public void A_host_network_pod_without_one_gets_the_nodes_hostname()
    {
        var node = File.ReadAllText("/proc/sys/kernel/hostname").TrimEnd('\n');

        Assert.That(PodHostname.Resolve("", PodId, hostNetwork: true), Is.EqualTo(node));
    }

    [Test]
    public void A_pod_network_pod_without_one_gets_the_start_of_its_id()
    {
        Assert.That(PodHostname.Resolve("", PodId, hostNetwork: false), Is.EqualTo("3f2a9c0d1e7b"));
    }

    [Test]
    public async Task The_hostname_file_holds_the_name_on_one_line()
    {
        var path = await PodHostname.WriteAsync(_pod.Path, "web-0");

        Assert.That(path, Is.EqualTo(_pod.Combine("hostname")));
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo("web-0\n"));
    }
}
