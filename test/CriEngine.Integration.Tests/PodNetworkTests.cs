using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Network;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// Pods on a CNI network of real plugins (bridge, host-local, portmap) running in a node
/// namespace of the test's own: addresses, pod-to-pod traffic, host ports, DNS, readiness,
/// and failures that leave nothing behind.
/// </summary>
[Category("Integration")]
public sealed class PodNetworkTests
{
    private const string Runtime = PodTestBed.Runtime;
    private const string WebServer = "mkdir -p /www && echo served by $HOSTNAME > /www/index.html && exec httpd -f -p 8080 -h /www";

    private PodTestBed _bed = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync(cniPluginTimeout: "3s");
        await _bed.PullBusyboxAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Pod_gets_an_address_on_the_network_shown_in_its_status_and_inside_it()
    {
        var config = _bed.PodConfig("addressed");
        var pod = await _bed.RunPodAsync(config);
        var container = await _bed.RunContainerAsync(pod, config, _bed.ContainerConfig("main", "sleep", "1000"));

        var status = await _bed.PodStatusAsync(pod);
        var inside = await _bed.ExecAsync(container, "sh", "-c", "ip -4 -o addr show eth0");

        Assert.That(status.Network.Ip, Does.StartWith("10.89.0."));
        Assert.That(inside.Stdout.ToStringUtf8(), Does.Contain($"inet {status.Network.Ip}/24"));
        Assert.That(_bed.Network.Leases(), Is.EqualTo(new[] { status.Network.Ip }));
    }

    [Test]
    public async Task Two_pods_on_the_bridge_reach_each_other()
    {
        var serverConfig = _bed.PodConfig("server");
        var server = await _bed.RunPodAsync(serverConfig);
        await _bed.RunContainerAsync(server, serverConfig, _bed.ContainerConfig("httpd", "sh", "-c", WebServer));
        var clientConfig = _bed.PodConfig("client");
        var client = await _bed.RunPodAsync(clientConfig);
        var wget = await _bed.RunContainerAsync(client, clientConfig, _bed.ContainerConfig("main", "sleep", "1000"));
        var address = (await _bed.PodStatusAsync(server)).Network.Ip;

        var page = "";
        await Eventually.TrueAsync(async () =>
        {
            page = (await _bed.ExecAsync(wget, "sh", "-c", $"wget -q -O - http://{address}:8080/")).Stdout.ToStringUtf8();
            return page.Length > 0;
        }, TimeSpan.FromSeconds(20));

        Assert.That(page, Is.EqualTo("served by server\n"));
    }

    [Test]
    public async Task Host_port_answers_on_the_node_loopback_through_portmap()
    {
        var config = _bed.PodConfig("published");
        config.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 8080, HostPort = 18080 });
        var pod = await _bed.RunPodAsync(config);
        await _bed.RunContainerAsync(pod, config, _bed.ContainerConfig("httpd", "sh", "-c", WebServer));

        var page = "";
        await Eventually.TrueAsync(async () =>
        {
            page = await GetFromNodeAsync(IPAddress.Loopback, 18080);
            return page.Contains("served by", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));

        Assert.That(page, Does.StartWith("HTTP/1.").And.EndWith("served by published\n"));
        await _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        Assert.ThrowsAsync(Is.InstanceOf<IOException>().Or.InstanceOf<System.Net.Sockets.SocketException>(), () => GetFromNodeAsync(IPAddress.Loopback, 18080), "the port is unpublished with the pod");
    }

    [Test]
    public async Task Dns_settings_reach_the_resolv_conf_and_the_plugins_that_ask()
    {
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, _bed.Network.ConfigList(before: TestCniNetwork.Recorder));
        var config = _bed.PodConfig("resolver");
        config.DnsConfig = new DNSConfig { Servers = { "10.96.0.10" }, Searches = { "test.svc.cluster.local", "svc.cluster.local" }, Options = { "ndots:5" } };

        var pod = await RunPodOnChangedNetworkAsync(config);
        var container = await _bed.RunContainerAsync(pod, config, _bed.ContainerConfig("main", "sleep", "1000"));
        var resolv = (await _bed.ExecAsync(container, "cat", "/etc/resolv.conf")).Stdout.ToStringUtf8();
        var add = _bed.Network.PluginCalls().Single(call => call.StartsWith("ADD ", StringComparison.Ordinal));

        Assert.That(resolv, Is.EqualTo("search test.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"));
        Assert.That(add, Does.Contain("\"runtimeConfig\":{\"dns\":{\"servers\":[\"10.96.0.10\"],\"searches\":[\"test.svc.cluster.local\",\"svc.cluster.local\"],\"options\":[\"ndots:5\"]}}"));
        Assert.That(add, Does.Contain($"K8S_POD_NAMESPACE=test;K8S_POD_NAME=resolver;K8S_POD_INFRA_CONTAINER_ID={pod};K8S_POD_UID={config.Metadata.Uid}"));
    }

    [Test]
    public async Task Network_readiness_follows_the_config_directory_without_a_restart()
    {
        var file = Path.Combine(_bed.Layout.NetworkDirectory, "10-test.conflist");
        var text = await File.ReadAllTextAsync(file);
        Assert.That(await NetworkReadyAsync(), Is.Null, "ready with the bridge network");

        File.Delete(file);
        Assert.That(await Eventually.TrueAsync(async () => await NetworkReadyAsync() is not null, TimeSpan.FromSeconds(10)), Is.True);
        var reason = await NetworkReadyAsync();
        var refused = Assert.ThrowsAsync<RpcException>(() => _bed.RunPodAsync(_bed.PodConfig("homeless")));

        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, text);
        Assert.That(await Eventually.TrueAsync(async () => await NetworkReadyAsync() is null, TimeSpan.FromSeconds(10)), Is.True);
        var pod = await _bed.RunPodAsync(_bed.PodConfig("housed"));

        Assert.That(reason!.Reason, Is.EqualTo("NetworkPluginNotReady"));
        Assert.That(reason.Message, Does.Contain(_bed.Layout.NetworkDirectory));
        Assert.That(refused!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(refused.Message, Does.Contain("homeless").And.Contain("no CNI network"));
        Assert.That((await _bed.PodStatusAsync(pod)).Network.Ip, Does.StartWith("10.89.0."));
    }

    [Test]
    public async Task Failed_add_fails_the_pod_with_the_plugins_message_and_leaves_nothing()
    {
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, _bed.Network.ConfigList(after: TestCniNetwork.Failure));

        var error = Assert.ThrowsAsync<RpcException>(() => RunPodOnChangedNetworkAsync(_bed.PodConfig("refused")));

        Assert.That(error!.Message, Does.Contain("plugin fail ADD failed").And.Contain("test plugin refuses the pod: on purpose"));
        await AssertNothingLeftAsync();
        Assert.That(_bed.Network.PluginCalls().Select(call => call.Split(' ')[0]), Is.EqualTo(new[] { "ADD", "DEL" }), "the failed ADD was undone by a DEL");
    }

    [Test]
    public async Task Hanging_plugin_is_killed_at_the_timeout_and_leaves_nothing()
    {
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, _bed.Network.ConfigList(after: TestCniNetwork.Hang));

        var error = Assert.ThrowsAsync<RpcException>(() => RunPodOnChangedNetworkAsync(_bed.PodConfig("stuck")));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(error.Message, Does.Contain("plugin hang ADD: timed out after 3 s"));
        var hung = int.Parse(await File.ReadAllTextAsync(_bed.Network.HangPidFile));
        Assert.That(Directory.Exists($"/proc/{hung}"), Is.False, "the plugin was killed and reaped");
        await AssertNothingLeftAsync();
    }

    [Test]
    public async Task Stop_after_a_daemon_restart_sends_the_same_del_with_the_cached_result()
    {
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, _bed.Network.ConfigList(before: TestCniNetwork.Recorder));
        var config = _bed.PodConfig("survivor");
        config.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 8080, HostPort = 18081 });
        var pod = await RunPodOnChangedNetworkAsync(config);
        var address = (await _bed.PodStatusAsync(pod)).Network.Ip;

        await _bed.RestartAfterCrashAsync();
        await _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        await _bed.Client.UnaryAsync(Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        var calls = _bed.Network.PluginCalls();
        Assert.That(calls.Select(call => call.Split(' ')[0]), Is.EqualTo(new[] { "ADD", "DEL" }), "one DEL, however often the pod is stopped");
        Assert.That(calls[1], Does.Contain($"K8S_POD_NAME=survivor;K8S_POD_INFRA_CONTAINER_ID={pod}"));
        Assert.That(calls[1], Does.Contain("\"prevResult\":").And.Contain($"\"address\":\"{address}/24\""));
        Assert.That(calls[1], Does.Contain("\"portMappings\":[{\"hostPort\":18081,\"containerPort\":8080,\"protocol\":\"tcp\"}]"));
        Assert.That(_bed.Network.Leases(), Is.Empty, "the address went back to the pool");
        Assert.That(await _bed.Network.NodeInterfacesAsync(), Has.None.StartsWith("veth"), "the pod's veth is gone");
    }

    [Test]
    public async Task Cni_cache_holds_the_pod_as_libcni_writes_it_and_its_teardown_uses_the_cached_config_after_a_change()
    {
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, _bed.Network.ConfigList(before: TestCniNetwork.Recorder));
        var pod = await RunPodOnChangedNetworkAsync(_bed.PodConfig("cached"));
        var address = (await _bed.PodStatusAsync(pod)).Network.Ip;

        var file = Path.Combine(_bed.Layout.CniCache, "results", $"{TestCniNetwork.Name}-{pod}-eth0");
        Assert.That(File.Exists(file), Is.True, "libcni's cache file of the running pod");
        var entry = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        Assert.That(entry["kind"]!.GetValue<string>(), Is.EqualTo("cniCacheV1"));
        Assert.That(entry["containerId"]!.GetValue<string>(), Is.EqualTo(pod));
        Assert.That(entry["ifName"]!.GetValue<string>(), Is.EqualTo("eth0"));
        Assert.That(entry["networkName"]!.GetValue<string>(), Is.EqualTo(TestCniNetwork.Name));
        Assert.That(entry["netns"]!.GetValue<string>(), Does.StartWith(Path.Combine(_bed.Layout.Namespaces, "netns")));
        Assert.That(entry["cniArgs"]!.ToJsonString(), Does.Contain("[\"K8S_POD_NAME\",\"cached\"]"));
        Assert.That(entry["result"]!["ips"]![0]!["address"]!.GetValue<string>(), Is.EqualTo($"{address}/24"));
        var cachedConfig = JsonNode.Parse(Convert.FromBase64String(entry["config"]!.GetValue<string>()))!;
        Assert.That(cachedConfig["plugins"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("record"), "the config list the ADD read, base64 as Go writes bytes");

        // The node's network changes under the running pod: its teardown still undoes what its ADD did.
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, _bed.Network.ConfigList());
        await WaitForInstalledNetworkAsync();
        await _bed.RestartAfterCrashAsync();
        await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        Assert.That(_bed.Network.PluginCalls().Select(call => call.Split(' ')[0]), Is.EqualTo(new[] { "ADD", "DEL" }), "the DEL ran the cached config's plugins, the recorder among them");
        Assert.That(File.Exists(file), Is.False, "the cache entry goes with the DEL");
        await AssertNothingLeftAsync();
    }

    [Test]
    public async Task Removing_a_pod_after_a_reboot_releases_its_address()
    {
        var pod = await _bed.RunPodAsync(_bed.PodConfig("rebooted"));
        Assert.That(_bed.Network.Leases(), Has.Count.EqualTo(1));

        await _bed.SimulateRebootAsync();
        await _bed.Client.UnaryAsync(Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        Assert.That(_bed.Network.Leases(), Is.Empty, "the DEL without a namespace still gave the address back");
        await AssertNothingLeftAsync();
    }

    [Test]
    public async Task Shipped_bridge_network_gives_pods_its_addresses_and_a_loopback()
    {
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "shipped-cni", "10-criengine-bridge.conflist")))!;
        // Its leases in the test's directory rather than the node's /var/lib/cni.
        shipped["plugins"]![0]!["ipam"]!["dataDir"] = _bed.Network.Directory.Combine("shipped-ipam");
        TestCniNetwork.Install(_bed.Layout.NetworkDirectory, shipped.ToJsonString());
        var config = _bed.PodConfig("shipped");

        var pod = await RunPodOnChangedNetworkAsync(config);
        var container = await _bed.RunContainerAsync(pod, config, _bed.ContainerConfig("main", "sleep", "1000"));
        var loopback = (await _bed.ExecAsync(container, "sh", "-c", "ip -o addr show lo")).Stdout.ToStringUtf8();

        Assert.That((await _bed.PodStatusAsync(pod)).Network.Ip, Does.StartWith("10.86."));
        Assert.That(loopback, Does.Contain("inet 127.0.0.1/8"));
        Assert.That(await _bed.Network.NodeInterfacesAsync(), Does.Contain("criengine0"));
    }

    /// <summary>Runs a pod once the daemon shows the network config the test just installed (the watcher sees a change a moment after it).</summary>
    private async Task<string> RunPodOnChangedNetworkAsync(PodSandboxConfig config)
    {
        await WaitForInstalledNetworkAsync();
        return await _bed.RunPodAsync(config);
    }

    private async Task WaitForInstalledNetworkAsync()
    {
        var installed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_bed.Layout.NetworkDirectory, "10-test.conflist")))!.ToJsonString();
        Assert.That(await Eventually.TrueAsync(async () =>
        {
            var status = await _bed.Client.UnaryAsync(Runtime + "Status", new StatusRequest { Verbose = true }, StatusResponse.Parser);
            return JsonNode.Parse(status.Info["cniconfig"])!["config"]?.ToJsonString() == installed;
        }, TimeSpan.FromSeconds(10)), Is.True, "the daemon shows the new network config");
    }

    private async Task<RuntimeCondition?> NetworkReadyAsync()
    {
        var status = await _bed.Client.UnaryAsync(Runtime + "Status", new StatusRequest(), StatusResponse.Parser);
        var network = status.Status.Conditions.Single(c => c.Type == "NetworkReady");
        return network.Status ? null : network;
    }

    private async Task<string> GetFromNodeAsync(IPAddress address, int port)
    {
        await using var stream = await _bed.Network.ConnectFromNodeAsync(address, port);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\nHost: node\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task AssertNothingLeftAsync()
    {
        var pods = await _bed.Client.UnaryAsync(Runtime + "ListPodSandbox", new ListPodSandboxRequest(), ListPodSandboxResponse.Parser);
        Assert.That(pods.Items, Is.Empty);
        Assert.That(_bed.Network.Leases(), Is.Empty, "no address kept");
        Assert.That(await _bed.Network.NodeInterfacesAsync(), Has.None.StartsWith("veth"), "no veth left on the node");
        var pins = Path.Combine(_bed.Layout.Namespaces, "netns");
        Assert.That(Directory.Exists(pins) ? Directory.GetFiles(pins) : [], Is.Empty, "no network namespace pinned");
        Assert.That(Directory.GetDirectories(Path.Combine(_bed.Layout.Root, "pods")), Is.Empty, "no pod directory");
        var cache = Path.Combine(_bed.Layout.CniCache, "results");
        Assert.That(Directory.Exists(cache) ? Directory.GetFiles(cache) : [], Is.Empty, "no CNI cache entry");
        var cgroups = "/sys/fs/cgroup/pids" + _bed.CgroupParent;
        Assert.That(Directory.Exists(cgroups) ? Directory.GetDirectories(cgroups) : [], Is.Empty, "no pod cgroup");
    }
}
