using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Grpc;
using CriEngine.Network.Cni;
using CriEngine.TestSupport;

namespace CriEngine.Network.Tests.Cni;

/// <summary>The result cache in libcni's file format, read back as the attachment it was written from.</summary>
public sealed class CniResultCacheTests
{
    private const string ConfigList = """{"cniVersion":"1.0.0","name":"podnet","plugins":[{"type":"bridge"}]}""";

    private TempDirectory _dir = null!;

    [SetUp]
    public void Create() => _dir = new TempDirectory();

    [TearDown]
    public void Remove() => _dir.Dispose();

    [Test]
    public async Task An_entry_is_written_as_libcni_writes_it_and_read_back_whole()
    {
        var cache = new CniResultCache(_dir.Path);
        var attachment = new CniAttachment(
            ConfigList, "pod1", "/run/netns/x", "eth0", CniAttachment.PodArguments("ns", "web", "pod1", "uid-1"),
            [new CniPortMapping(8080, 80, "tcp", ""), new CniPortMapping(53, 53, "udp", "127.0.0.1")],
            new CniDns(["10.0.0.10"], ["ns.svc.cluster.local"], ["ndots:5"]),
            """{"cniVersion":"1.0.0","ips":[{"address":"10.9.0.2/24"}]}""");
        var path = cache.PathOf("podnet", "pod1", "eth0");

        await cache.WriteAsync(path, attachment);
        var file = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var read = await CniResultCache.ReadAsync(path);

        Assert.That(path, Is.EqualTo(Path.Combine(_dir.Path, "results", "podnet-pod1-eth0")));
        Assert.That(file.Select(property => property.Key), Is.EqualTo(new[] { "kind", "containerId", "config", "ifName", "networkName", "netns", "cniArgs", "capabilityArgs", "result" }));
        Assert.That(file["kind"]!.GetValue<string>(), Is.EqualTo("cniCacheV1"));
        Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(file["config"]!.GetValue<string>())), Is.EqualTo(ConfigList));
        Assert.That(file["cniArgs"]![1]!.ToJsonString(), Is.EqualTo("""["K8S_POD_NAMESPACE","ns"]"""));
        Assert.That(file["capabilityArgs"]!["portMappings"]![1]!.ToJsonString(), Is.EqualTo("""{"hostPort":53,"containerPort":53,"protocol":"udp","hostIP":"127.0.0.1"}"""));
        Assert.That(read, Is.Not.Null);
        Assert.That((read!.ConfigList, read.ContainerId, read.NetnsPath, read.InterfaceName, read.Result), Is.EqualTo((ConfigList, "pod1", "/run/netns/x", "eth0", attachment.Result)));
        Assert.That(read.Arguments, Is.EqualTo(attachment.Arguments));
        Assert.That(read.PortMappings, Is.EqualTo(attachment.PortMappings));
        Assert.That((read.Dns!.Servers, read.Dns.Searches, read.Dns.Options), Is.EqualTo((attachment.Dns!.Servers, attachment.Dns.Searches, attachment.Dns.Options)));
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(path)!), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
    }

    [Test]
    public async Task An_entry_before_its_add_has_no_result_and_empty_fields_are_left_out()
    {
        var cache = new CniResultCache(_dir.Path);
        var path = cache.PathOf("podnet", "pod2", "eth0");

        await cache.WriteAsync(path, new CniAttachment(ConfigList, "pod2", "", "eth0", [], [], null));
        var file = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();

        Assert.That(file.Select(property => property.Key), Is.EqualTo(new[] { "kind", "containerId", "config", "ifName", "networkName", "cniArgs" }));
        Assert.That((await CniResultCache.ReadAsync(path))!.Result, Is.Null);
    }

    [Test]
    public async Task A_containers_entries_are_found_whatever_the_network_and_missing_ones_are_none()
    {
        var cache = new CniResultCache(_dir.Path);
        Assert.That(cache.Find("pod3"), Is.Empty, "no results directory yet");
        await cache.WriteAsync(cache.PathOf("podnet", "pod3", "eth0"), new CniAttachment(ConfigList, "pod3", "", "eth0", [], [], null));
        await cache.WriteAsync(cache.PathOf("podnet", "pod4", "eth0"), new CniAttachment(ConfigList, "pod4", "", "eth0", [], [], null));

        Assert.That(cache.Find("pod3"), Is.EqualTo(new[] { cache.PathOf("podnet", "pod3", "eth0") }));
        Assert.That(await CniResultCache.ReadAsync(cache.PathOf("podnet", "pod5", "eth0")), Is.Null);
    }

    [Test]
    public async Task An_entry_of_another_kind_is_refused_by_name()
    {
        var path = Path.Combine(_dir.Path, "results", "podnet-pod6-eth0");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, """{"kind":"cniCacheV2","containerId":"pod6","config":"","ifName":"eth0","networkName":"podnet"}""");

        var error = Assert.ThrowsAsync<RpcException>(() => CniResultCache.ReadAsync(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("cniCacheV2"));
    }
    [Test]
    public async Task An_attachment_file_of_an_engine_before_the_cache_is_read_whole()
    {
        // pods/ID/network.json as the engine wrote it before it kept libcni's cache.
        var path = Path.Combine(_dir.Path, LegacyAttachmentFile.Name);
        await File.WriteAllTextAsync(path, """
            {
              "configList": "{\"cniVersion\":\"1.0.0\",\"name\":\"podnet\",\"plugins\":[{\"type\":\"bridge\"}]}",
              "containerId": "pod1",
              "netnsPath": "/run/netns/x",
              "interfaceName": "eth0",
              "arguments": [
                { "key": "IgnoreUnknown", "value": "1" },
                { "key": "K8S_POD_NAME", "value": "web" }
              ],
              "portMappings": [
                { "hostPort": 8080, "containerPort": 80, "protocol": "tcp", "hostIp": "" }
              ],
              "dns": null,
              "result": "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.9.0.2/24\"}]}"
            }
            """);

        var read = await LegacyAttachmentFile.ReadAsync(path);

        Assert.That(read, Is.Not.Null);
        Assert.That(read!.ConfigList, Is.EqualTo(ConfigList));
        Assert.That((read.ContainerId, read.NetnsPath, read.InterfaceName), Is.EqualTo(("pod1", "/run/netns/x", "eth0")));
        Assert.That(read.Arguments, Is.EqualTo(new[] { new KeyValuePair<string, string>("IgnoreUnknown", "1"), new KeyValuePair<string, string>("K8S_POD_NAME", "web") }));
        Assert.That(read.PortMappings, Is.EqualTo(new[] { new CniPortMapping(8080, 80, "tcp", "") }));
        Assert.That(read.Result, Does.Contain("10.9.0.2/24"));
        Assert.That(await LegacyAttachmentFile.ReadAsync(Path.Combine(_dir.Path, "none.json")), Is.Null);
    }
}
