using System.Globalization;
using System.Net.Sockets;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>
/// The Prometheus endpoint of <c>[crio.metrics]</c> on the real daemon, scraped as Prometheus
/// scrapes it: CRI-O's metric names, labels and values after real pod and container lifecycles
/// and pulls, on a loopback port and on <c>metrics_socket</c>.
/// </summary>
[Category("Integration")]
public sealed class MetricsEndpointTests
{
    private const string Crio = "container_runtime_crio_";

    private TempDirectory _sockets = null!;

    [SetUp]
    public void CreateDirectory() => _sockets = new TempDirectory("criengine-metrics");

    [TearDown]
    public void RemoveDirectory() => _sockets.Dispose();

    [Test]
    public async Task Lifecycles_and_pulls_are_counted_under_crio_s_names_on_the_port_and_the_socket()
    {
        var port = LoopbackPort.Pick();
        var socket = _sockets.Combine("metrics.sock");
        await using var bed = await PodTestBed.StartAsync(extraConfig: $"""
            [crio.metrics]
            enable_metrics = true
            metrics_host = "127.0.0.1"
            metrics_port = {port}
            metrics_socket = "{socket}"
            """);

        var (pod, config) = await bed.RunPodWithBusyboxAsync("measured");
        await bed.PullBusyboxAsync();
        var container = await bed.RunContainerAsync(pod, config, bed.ContainerConfig("app", "sleep", "3600"));
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "StopContainer", new StopContainerRequest { ContainerId = container, Timeout = 1 }, StopContainerResponse.Parser, TimeSpan.FromMinutes(1));
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = container }, RemoveContainerResponse.Parser, TimeSpan.FromMinutes(1));
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "RemovePodSandbox", new RemovePodSandboxRequest { PodSandboxId = pod }, RemovePodSandboxResponse.Parser, TimeSpan.FromMinutes(1));
        var unknown = Assert.ThrowsAsync<RpcException>(() => bed.Client.UnaryAsync(PodTestBed.Runtime + "ContainerStatus", new ContainerStatusRequest { ContainerId = "0123456789abcdef" }, ContainerStatusResponse.Parser));
        var missing = Assert.ThrowsAsync<RpcException>(() => bed.Client.UnaryAsync(PodTestBed.Images + "PullImage", new PullImageRequest { Image = new ImageSpec { Image = bed.Registry.Host + "/test/absent:1" } }, PullImageResponse.Parser, TimeSpan.FromMinutes(1)));

        using var http = new HttpClient();
        using var response = await http.GetAsync($"http://127.0.0.1:{port}/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var samples = Samples(text);

        Assert.That(unknown!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(missing!.Code, Is.Not.EqualTo(StatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Does.StartWith("text/plain; version=0.0.4"));
        foreach (var operation in new[] { "RunPodSandbox", "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer", "StopPodSandbox", "RemovePodSandbox" })
            Assert.That(samples.GetValueOrDefault($"{Crio}operations_total{{operation=\"{operation}\"}}"), Is.EqualTo(1), operation);
        Assert.That(samples[$"{Crio}operations_total{{operation=\"PullImage\"}}"], Is.EqualTo(3));
        Assert.That(samples[$"{Crio}operations_errors_total{{operation=\"ContainerStatus\"}}"], Is.EqualTo(1));
        Assert.That(samples[$"{Crio}operations_errors_total{{operation=\"PullImage\"}}"], Is.EqualTo(1));
        Assert.That(samples.Keys, Has.None.StartsWith($"{Crio}operations_errors_total{{operation=\"RunPodSandbox\"}}"));
        Assert.That(samples[$"{Crio}operations_latency_seconds{{operation=\"CreateContainer\"}}"], Is.GreaterThan(0).And.LessThan(60));
        Assert.That(text, Does.Contain($"# TYPE {Crio}operations_latency_seconds_total summary"));
        Assert.That(samples[$"{Crio}operations_latency_seconds_total_count{{operation=\"StartContainer\"}}"], Is.EqualTo(1));
        Assert.That(samples[$"{Crio}operations_latency_seconds_total{{operation=\"StartContainer\",quantile=\"0.99\"}}"], Is.GreaterThan(0));
        Assert.That(samples[$"{Crio}image_pulls_success_total"], Is.EqualTo(2));
        // The pause image is pulled with the first pod; a pull of an image whose layers are stored downloads none of them again.
        Assert.That(samples.Where(s => s.Key.StartsWith($"{Crio}image_pulls_bytes_total{{mediatype=\"application/vnd.oci.image.layer.v1.tar", StringComparison.Ordinal)).Sum(s => s.Value), Is.GreaterThan(0));
        Assert.That(samples[$"{Crio}image_pulls_layer_size_count"], Is.GreaterThanOrEqualTo(1));
        Assert.That(samples[$"{Crio}image_pulls_layer_size_bucket{{le=\"+Inf\"}}"], Is.EqualTo(samples[$"{Crio}image_pulls_layer_size_count"]));
        Assert.That(samples.Where(s => s.Key.StartsWith($"{Crio}image_layer_reuse_total{{name=\"sha256:", StringComparison.Ordinal)).Sum(s => s.Value), Is.GreaterThanOrEqualTo(1));
        Assert.That(samples.Where(s => s.Key.StartsWith($"{Crio}image_pulls_skipped_bytes_total{{size=\">", StringComparison.Ordinal)).Sum(s => s.Value), Is.GreaterThan(0));
        Assert.That(samples.Where(s => s.Key.StartsWith($"{Crio}image_pulls_failure_total{{error=", StringComparison.Ordinal)).Sum(s => s.Value), Is.EqualTo(1));
        Assert.That(samples.Keys, Does.Contain($"{Crio}image_pulls_failure_total{{error=\"MANIFEST_UNKNOWN\"}}").Or.Contain($"{Crio}image_pulls_failure_total{{error=\"NAME_UNKNOWN\"}}"));
        Assert.That(samples[$"{Crio}containers_events_dropped_total"], Is.Zero);
        Assert.That(samples[$"{Crio}processes_defunct"], Is.GreaterThanOrEqualTo(0));
        Assert.That(samples["process_resident_memory_bytes"], Is.GreaterThan(1 << 20));
        Assert.That(samples["process_cpu_seconds_total"], Is.GreaterThan(0));
        Assert.That(samples["process_open_fds"], Is.GreaterThan(3).And.LessThanOrEqualTo(samples["process_max_fds"]));
        Assert.That(samples["process_start_time_seconds"], Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Within(600));

        var overSocket = Samples(await ScrapeSocketAsync(socket));
        Assert.That(overSocket[$"{Crio}operations_total{{operation=\"RunPodSandbox\"}}"], Is.EqualTo(1));
    }

    [Test]
    public async Task Metrics_collectors_choose_what_is_served()
    {
        var port = LoopbackPort.Pick();
        using var directory = new TempDirectory("criengine-metrics-daemon");
        await File.WriteAllTextAsync(DaemonProcess.Layout(directory).DropIn("20-metrics.conf"), $"""
            [crio.metrics]
            enable_metrics = true
            metrics_port = {port}
            metrics_collectors = ["operations_total", "container_runtime_crio_image_pulls_success_total"]
            """);
        await using var daemon = await DaemonProcess.StartAsync(directory);
        using var client = daemon.Client();
        await client.UnaryAsync(PodTestBed.Runtime + "Version", new VersionRequest(), VersionResponse.Parser);
        using var http = new HttpClient();
        var samples = Samples(await http.GetStringAsync($"http://127.0.0.1:{port}/metrics"));

        Assert.That(samples[$"{Crio}operations_total{{operation=\"Version\"}}"], Is.EqualTo(1));
        Assert.That(samples[$"{Crio}image_pulls_success_total"], Is.Zero);
        Assert.That(samples.Keys.Where(k => k.StartsWith(Crio, StringComparison.Ordinal)).Select(k => k.Split('{')[0]).Distinct(),
            Is.EquivalentTo(new[] { $"{Crio}operations_total", $"{Crio}image_pulls_success_total" }));
        Assert.That(samples.Keys, Does.Contain("process_resident_memory_bytes"));
    }

    [Test]
    public async Task Disabled_metrics_listen_nowhere()
    {
        var port = LoopbackPort.Pick();
        var socket = _sockets.Combine("metrics.sock");
        using var directory = new TempDirectory("criengine-metrics-daemon");
        await File.WriteAllTextAsync(DaemonProcess.Layout(directory).DropIn("20-metrics.conf"), $"""
            [crio.metrics]
            enable_metrics = false
            metrics_port = {port}
            metrics_socket = "{socket}"
            """);
        await using var daemon = await DaemonProcess.StartAsync(directory);
        using var client = daemon.Client();
        await client.UnaryAsync(PodTestBed.Runtime + "Version", new VersionRequest(), VersionResponse.Parser);
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var refused = Assert.ThrowsAsync<SocketException>(async () => await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        Assert.That(File.Exists(socket), Is.False);
    }

    [Test]
    public async Task An_oom_kill_is_counted_by_container_name_until_the_container_is_removed()
    {
        var port = LoopbackPort.Pick();
        await using var bed = await PodTestBed.StartAsync(extraConfig: $"""
            [crio.metrics]
            enable_metrics = true
            metrics_port = {port}
            """);
        var (pod, podConfig) = await bed.RunPodWithBusyboxAsync("hungry");
        var config = bed.ContainerConfig("hog", "sh", "-c", "x=x; while :; do x=$x$x; done");
        config.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = 32 * 1024 * 1024 } };
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{port}/metrics";

        var id = await bed.RunContainerAsync(pod, podConfig, config);
        var exited = await Eventually.TrueAsync(async () => (await bed.ContainerStatusAsync(id)).State == ContainerState.ContainerExited, TimeSpan.FromSeconds(30));
        var status = await bed.ContainerStatusAsync(id);
        var afterKill = Samples(await http.GetStringAsync(url));
        await bed.Client.UnaryAsync(PodTestBed.Runtime + "RemoveContainer", new RemoveContainerRequest { ContainerId = id }, RemoveContainerResponse.Parser, TimeSpan.FromMinutes(1));
        var afterRemoval = Samples(await http.GetStringAsync(url));

        Assert.That(exited, Is.True);
        Assert.That(status.Reason, Is.EqualTo("OOMKilled"));
        var name = $"k8s_hog_hungry_test_{podConfig.Metadata.Uid}_0";
        Assert.That(afterKill[$"{Crio}containers_oom_total"], Is.EqualTo(1));
        Assert.That(afterKill[$"{Crio}containers_oom_count_total{{name=\"{name}\"}}"], Is.EqualTo(1));
        Assert.That(afterRemoval[$"{Crio}containers_oom_total"], Is.EqualTo(1));
        Assert.That(afterRemoval.Keys, Has.None.StartsWith($"{Crio}containers_oom_count_total"));
    }

    [Test]
    public async Task Tls_is_served_with_a_self_signed_pair_made_where_cert_and_key_are_missing()
    {
        var port = LoopbackPort.Pick();
        using var directory = new TempDirectory("criengine-metrics-daemon");
        var cert = directory.Combine("pki", "metrics.crt");
        var key = directory.Combine("pki", "metrics.key");
        await File.WriteAllTextAsync(DaemonProcess.Layout(directory).DropIn("20-metrics.conf"), $"""
            [crio.metrics]
            enable_metrics = true
            metrics_port = {port}
            metrics_cert = "{cert}"
            metrics_key = "{key}"
            """);
        await using var daemon = await DaemonProcess.StartAsync(directory);
        System.Security.Cryptography.X509Certificates.X509Certificate2? presented = null;
        using var https = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate);
                return true;
            },
        });

        var text = await https.GetStringAsync($"https://127.0.0.1:{port}/metrics");
        using var written = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(cert, key);

        Assert.That(text, Does.Contain("process_resident_memory_bytes"));
        Assert.That(presented?.Thumbprint, Is.EqualTo(written.Thumbprint));
        Assert.That(File.GetUnixFileMode(key), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        presented?.Dispose();
    }

    /// <summary>Each sample line as <c>name{labels}</c> to its value.</summary>
    private static Dictionary<string, double> Samples(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Key: line[..line.LastIndexOf(' ')], Value: double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)))
            .ToDictionary(s => s.Key, s => s.Value);

    private static async Task<string> ScrapeSocketAsync(string socket)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                return new NetworkStream(connection, ownsSocket: true);
            },
        });
        return await http.GetStringAsync("http://localhost/metrics");
    }
}
