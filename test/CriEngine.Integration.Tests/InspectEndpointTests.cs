using System.Text.Json.Nodes;
using CriEngine.Api;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// CRI-O's HTTP/1.1 endpoints on the CRI socket, on the real daemon with a running pod and
/// container: what <c>criengine status</c> prints, what cAdvisor and curl get, and gRPC beside them.
/// </summary>
[Category("Integration")]
public sealed class InspectEndpointTests
{
    private PodTestBed _bed = null!;
    private string _podId = "";
    private string _containerId = "";

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        var (pod, config) = await _bed.RunPodWithBusyboxAsync("inspected");
        _podId = pod;
        var container = _bed.ContainerConfig("web", "sleep", "3600");
        container.Labels["tier"] = "front";
        container.Annotations["note"] = "kept";
        _containerId = await _bed.RunContainerAsync(pod, config, container);
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    private string Socket => _bed.Daemon.SocketPath;

    [Test]
    public async Task Status_containers_prints_the_container_as_crio_status_does()
    {
        var (code, output, errors) = await CriEngineCli.RunAsync("status", "--socket", Socket, "containers", "--id", _containerId);
        var verbose = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = _containerId, Verbose = true }, ContainerStatusResponse.Parser);
        var pid = (int)JsonNode.Parse(verbose.Info["info"])!["pid"]!;
        var podIp = (await _bed.PodStatusAsync(_podId)).Network.Ip;

        Assert.That(code, Is.Zero, errors);
        var lines = output.Split('\n');
        Assert.That(lines, Has.Some.StartsWith("name: k8s_web_inspected_test_"));
        Assert.That(lines, Does.Contain($"pid: {pid}"));
        Assert.That(pid, Is.GreaterThan(0));
        Assert.That(lines, Does.Contain($"image: {_bed.BusyboxImage}"));
        Assert.That(lines, Does.Contain("  tier: front").And.Contain("  note: kept"));
        Assert.That(lines, Does.Contain($"  io.kubernetes.cri-o.SandboxID: {_podId}"));
        Assert.That(lines, Does.Contain($"sandbox: {_podId}"));
        Assert.That(lines, Does.Contain($"ips: {podIp}"));
        Assert.That(podIp, Is.Not.Empty);
        Assert.That(lines.Single(l => l.StartsWith("log path: ", StringComparison.Ordinal)), Does.EndWith("web.log"));
        Assert.That(lines.Single(l => l.StartsWith("graph root: ", StringComparison.Ordinal)), Does.StartWith("graph root: /"));
    }

    [Test]
    public async Task Status_info_and_config_tell_the_daemons_settings()
    {
        var (infoCode, info, infoErrors) = await CriEngineCli.RunAsync("status", "-s", Socket, "info");
        var (configCode, config, configErrors) = await CriEngineCli.RunAsync("status", "-s", Socket, "config");

        Assert.That(infoCode, Is.Zero, infoErrors);
        Assert.That(info.Split('\n'), Does.Contain("cgroup driver: cgroupfs")
            .And.Contain("storage driver: overlay")
            .And.Contain($"storage graph root: {_bed.Layout.Root}")
            .And.Contain("default UID mappings (format <container>:<host>:<size>):")
            .And.Contain("  0:0:4294967295"));
        Assert.That(configCode, Is.Zero, configErrors);
        Assert.That(config.Split('\n'), Does.Contain("[crio.runtime]").And.Contain("cgroup_manager = \"cgroupfs\"").And.Contain($"root = \"{_bed.Layout.Root}\""));
    }

    [Test]
    public async Task Infra_container_is_found_by_the_pods_id()
    {
        var answer = await Http1TestClient.GetAsync(Socket, "/containers/" + _podId);
        var json = JsonNode.Parse(Body(answer))!;

        Assert.That(answer, Does.StartWith("HTTP/1.1 200 OK\r\n").And.Contain("Content-Type: application/json"));
        Assert.That((string?)json["name"], Does.StartWith("k8s_POD_inspected_test_"));
        Assert.That((string?)json["sandbox"], Is.EqualTo(_podId));
        Assert.That((string?)json["image"], Is.EqualTo(_bed.PauseImage));
        Assert.That((int)json["pid"]!, Is.GreaterThan(0));
        Assert.That((bool)json["host_network"]!, Is.False);
        Assert.That((string?)json["labels"]!["app"], Is.EqualTo("inspected"));
    }

    [Test]
    public async Task Unknown_id_is_404_and_a_malformed_request_400_while_grpc_goes_on()
    {
        var unknown = await Http1TestClient.GetAsync(Socket, "/containers/0123456789abcdef");
        var (code, _, errors) = await CriEngineCli.RunAsync("status", "-s", Socket, "containers", "--id", "0123456789abcdef");
        var malformed = await Http1TestClient.ExchangeAsync(Socket, "GET /info HTTP/1.1 extra\r\n\r\n");
        var post = await Http1TestClient.ExchangeAsync(Socket, "POST /info HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        var elsewhere = await Http1TestClient.GetAsync(Socket, "/metrics");
        var version = await _bed.Client.UnaryAsync(PodTestBed.Runtime + "Version", new VersionRequest(), VersionResponse.Parser);

        Assert.That(unknown, Does.StartWith("HTTP/1.1 404 Not Found\r\n").And.Contain("Connection: close"));
        Assert.That(Body(unknown), Is.EqualTo("can't find the container with id 0123456789abcdef\n"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("404 can't find the container with id 0123456789abcdef"));
        Assert.That(malformed, Does.StartWith("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(post, Does.StartWith("HTTP/1.1 405 ").And.Contain("Allow: GET"));
        Assert.That(elsewhere, Does.StartWith("HTTP/1.1 404 "));
        Assert.That(version.RuntimeName, Is.Not.Empty);
    }

    private static string Body(string answer) => answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
}
