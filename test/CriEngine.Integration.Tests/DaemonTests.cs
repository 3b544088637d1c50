using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;

namespace CriEngine.Integration.Tests;

/// <summary>The real daemon process on a temporary socket, as the kubelet and crictl see it.</summary>
[Category("Integration")]
public sealed class DaemonTests
{
    /// <summary>The daemon's lines reach the test through its stdout a moment after its notifications.</summary>
    private static readonly TimeSpan OutputWait = TimeSpan.FromSeconds(10);

    private const string Runtime = "/runtime.v1.RuntimeService/";

    private TempDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory("criengine-daemon");

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    private DaemonLayout Layout => DaemonProcess.Layout(_directory);

    [Test]
    public async Task Version_names_the_engine_and_the_cri_version()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var version = await client.UnaryAsync(Runtime + "Version", new VersionRequest { Version = "0.1.0" }, VersionResponse.Parser);

        Assert.That(version.RuntimeName, Is.EqualTo("criengine"));
        Assert.That(version.RuntimeApiVersion, Is.EqualTo("v1"));
        Assert.That(version.RuntimeVersion, Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(version.Version, Is.EqualTo("0.1.0"));
    }

    [Test]
    public async Task Socket_is_created_with_its_directory_and_mode_0660()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);

        var mode = File.GetUnixFileMode(daemon.SocketPath);

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite));
    }

    [Test]
    public async Task Network_is_not_ready_until_a_cni_config_appears_and_no_restart_is_needed()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var before = await StatusAsync(client);
        await File.WriteAllTextAsync(Path.Combine(Layout.NetworkDirectory, "10-test.conflist"),
            """{"cniVersion":"1.0.0","name":"test","plugins":[{"type":"bridge"}]}""");
        // The daemon watches the directory: the file is seen a moment after it is written.
        var ready = await Eventually.TrueAsync(async () => Condition(await StatusAsync(client), "NetworkReady").Status, TimeSpan.FromSeconds(10));

        Assert.That(Condition(before, "RuntimeReady").Status, Is.True);
        var notReady = Condition(before, "NetworkReady");
        Assert.That(notReady.Status, Is.False);
        Assert.That(notReady.Reason, Is.EqualTo("NetworkPluginNotReady"));
        Assert.That(notReady.Message, Does.Contain(Layout.NetworkDirectory));
        Assert.That(ready, Is.True, "ready without a restart");
    }

    [Test]
    public async Task Verbose_status_holds_the_effective_config_as_json()
    {
        await File.WriteAllTextAsync(Layout.DropIn("20-pause.conf"), "[crio.image]\npause_image = \"registry.test/pause:9\"\n");
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var status = await client.UnaryAsync(Runtime + "Status", new StatusRequest { Verbose = true }, StatusResponse.Parser);

        var config = System.Text.Json.Nodes.JsonNode.Parse(status.Info["config"])!;
        Assert.That((string?)config["crio"]!["image"]!["pause_image"], Is.EqualTo("registry.test/pause:9"));
        Assert.That((string?)config["crio"]!["api"]!["listen"], Is.EqualTo(daemon.SocketPath));
    }

    [Test]
    public async Task Status_lists_the_runtime_handlers_with_the_default_under_the_empty_name()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var status = await StatusAsync(client);

        Assert.That(status.RuntimeHandlers.Select(h => h.Name), Does.Contain("").And.Contain("crun"));
    }

    [Test]
    public async Task Status_reports_each_handler_s_features_as_its_runtime_probes_them()
    {
        await File.WriteAllTextAsync(Layout.DropIn("20-runc.conf"), "[crio.runtime.runtimes.runc]\nruntime_path = \"/usr/sbin/runc\"\n");
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        var status = await StatusAsync(client);

        Assert.That(status.Features.SupplementalGroupsPolicy, Is.True);
        var features = status.RuntimeHandlers.ToDictionary(h => h.Name, h => (h.Features.UserNamespaces, h.Features.RecursiveReadOnlyMounts));
        // Debian's runc 1.1 lists the user namespace and rro; crun 1.8 has no features command to say anything.
        Assert.That(features["runc"], Is.EqualTo((true, true)));
        Assert.That(features["crun"], Is.EqualTo((false, false)));
        Assert.That(features[""], Is.EqualTo(features["crun"]), "the default handler, crun");
    }

    [Test]
    public async Task Sighup_applies_a_changed_dropin_live()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();
        var driverBefore = await CgroupDriverAsync(client);

        await File.WriteAllTextAsync(Layout.DropIn("50-reload.conf"), """
            [crio.runtime]
            cgroup_manager = "cgroupfs"
            conmon_cgroup = "pod"

            [crio.image]
            pause_image = "registry.test/pause:reloaded"
            """);
        await daemon.ReloadAsync();

        Assert.That(driverBefore, Is.EqualTo(CgroupDriver.Systemd));
        Assert.That(await CgroupDriverAsync(client), Is.EqualTo(CgroupDriver.Cgroupfs));
        Assert.That(await PauseImageAsync(client), Is.EqualTo("registry.test/pause:reloaded"));
        Assert.That(await daemon.WaitForOutputAsync("crio.runtime.cgroup_manager: \"systemd\" -> \"cgroupfs\"", OutputWait), Is.True);
        Assert.That(daemon.Notifications, Has.Some.Matches<string>(n => n.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Invalid_reload_keeps_the_config_in_force_and_the_daemon_answering()
    {
        await File.WriteAllTextAsync(Layout.DropIn("50-pause.conf"), "[crio.image]\npause_image = \"registry.test/pause:good\"\n");
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Layout.DropIn("50-pause.conf"), "[crio.image]\npause_image = \"registry.test/pause:bad\"\n[crio.runtime]\ncgroup_manager = \"upstart\"\n");
        await daemon.ReloadAsync();

        Assert.That(await PauseImageAsync(client), Is.EqualTo("registry.test/pause:good"));
        Assert.That(await CgroupDriverAsync(client), Is.EqualTo(CgroupDriver.Systemd));
        Assert.That(await daemon.WaitForOutputAsync("the configuration in force is kept", OutputWait), Is.True);
        Assert.That(daemon.Output, Has.Some.Contains("50-pause.conf:4"));
    }

    [Test]
    public async Task Broken_toml_on_reload_is_reported_with_file_line_and_reason()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Layout.DropIn("60-broken.conf"), "[crio.runtime]\npids_limit = = 5\n");
        await daemon.ReloadAsync();

        Assert.That(await daemon.WaitForOutputAsync("60-broken.conf:2:", OutputWait), Is.True);
        var version = await client.UnaryAsync(Runtime + "Version", new VersionRequest(), VersionResponse.Parser);
        Assert.That(version.RuntimeName, Is.EqualTo("criengine"));
    }

    [Test]
    public async Task Flags_stay_in_force_across_a_reload()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory, "--pause-image", "registry.test/pause:flag");
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Layout.DropIn("50-pause.conf"), "[crio.image]\npause_image = \"registry.test/pause:file\"\n");
        await daemon.ReloadAsync();

        Assert.That(await PauseImageAsync(client), Is.EqualTo("registry.test/pause:flag"));
    }

    [Test]
    public async Task Runtime_handler_added_by_reload_is_offered_at_once()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Layout.DropIn("70-runc.conf"), "[crio.runtime.runtimes.runc]\nruntime_path = \"/usr/sbin/runc\"\n");
        await daemon.ReloadAsync();
        var status = await StatusAsync(client);

        Assert.That(status.RuntimeHandlers.Select(h => h.Name), Does.Contain("runc"));
    }

    [Test]
    public async Task Change_to_a_restart_only_key_is_logged_and_kept_until_restart()
    {
        await File.WriteAllTextAsync(Layout.MainConfig, "[crio]\nstorage_driver = \"overlay\"\n");
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await File.WriteAllTextAsync(Layout.MainConfig, "[crio]\nstorage_driver = \"vfs\"\n");
        await daemon.ReloadAsync();
        var status = await client.UnaryAsync(Runtime + "Status", new StatusRequest { Verbose = true }, StatusResponse.Parser);

        Assert.That(await daemon.WaitForOutputAsync("crio.storage_driver: \"overlay\" -> \"vfs\": not applied until restart", OutputWait), Is.True);
        Assert.That((string?)System.Text.Json.Nodes.JsonNode.Parse(status.Info["config"])!["crio"]!["storage_driver"], Is.EqualTo("overlay"));
    }

    [Test]
    public async Task Rpc_without_an_implementation_is_unimplemented_and_named()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        // Every RPC of the v1 API is served: what a client built from a newer proto sees for one it adds.
        var error = Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(Runtime + "UpdatePodSandboxFutureResources", new UpdatePodSandboxResourcesRequest(), UpdatePodSandboxResourcesResponse.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("UpdatePodSandboxFutureResources"));
    }

    [Test]
    public async Task UpdateRuntimeConfig_is_accepted()
    {
        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        await client.UnaryAsync(Runtime + "UpdateRuntimeConfig", new UpdateRuntimeConfigRequest
        {
            RuntimeConfig = new Api.RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = "10.88.0.0/16" } },
        }, UpdateRuntimeConfigResponse.Parser);

        Assert.That(await daemon.WaitForOutputAsync("pod CIDR: (none) -> 10.88.0.0/16", TimeSpan.FromSeconds(5)), Is.True);
    }

    [Test]
    public async Task Sigterm_stops_the_daemon_cleanly_and_removes_the_socket()
    {
        var daemon = await DaemonProcess.StartAsync(_directory);
        await using (daemon)
        {
            var exitCode = await daemon.StopAsync();

            Assert.That(exitCode, Is.Zero);
            Assert.That(File.Exists(daemon.SocketPath), Is.False);
            Assert.That(daemon.Notifications, Does.Contain("STOPPING=1"));
        }
    }

    [Test]
    public async Task Stale_socket_from_a_crashed_daemon_is_replaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Layout.Socket)!);
        using (var stale = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            stale.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Layout.Socket));

        await using var daemon = await DaemonProcess.StartAsync(_directory);
        using var client = daemon.Client();

        Assert.That((await client.UnaryAsync(Runtime + "Version", new VersionRequest(), VersionResponse.Parser)).RuntimeName, Is.EqualTo("criengine"));
    }

    [Test]
    public async Task Second_daemon_on_the_same_socket_refuses_to_start()
    {
        await using var first = await DaemonProcess.StartAsync(_directory);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => DaemonProcess.StartAsync(_directory));

        Assert.That(error!.Message, Does.Contain("another process is serving on"));
        using var client = first.Client();
        Assert.That((await client.UnaryAsync(Runtime + "Version", new VersionRequest(), VersionResponse.Parser)).RuntimeName, Is.EqualTo("criengine"));
    }

    [Test]
    public void Invalid_config_at_start_fails_with_the_file_line_and_reason()
    {
        File.WriteAllText(Layout.MainConfig, "[crio.runtime]\n\ncgroup_manager = \"upstart\"\n");

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => DaemonProcess.StartAsync(_directory));

        Assert.That(error!.Message, Does.Contain("crio.conf:3").And.Contain("cgroup_manager"));
    }

    private static async Task<StatusResponse> StatusAsync(GrpcClient client) =>
        await client.UnaryAsync(Runtime + "Status", new StatusRequest(), StatusResponse.Parser);

    private static RuntimeCondition Condition(StatusResponse status, string type) =>
        status.Status.Conditions.Single(c => c.Type == type);

    private static async Task<CgroupDriver> CgroupDriverAsync(GrpcClient client) =>
        (await client.UnaryAsync(Runtime + "RuntimeConfig", new RuntimeConfigRequest(), RuntimeConfigResponse.Parser)).Linux.CgroupDriver;

    private static async Task<string?> PauseImageAsync(GrpcClient client)
    {
        var status = await client.UnaryAsync(Runtime + "Status", new StatusRequest { Verbose = true }, StatusResponse.Parser);
        return (string?)System.Text.Json.Nodes.JsonNode.Parse(status.Info["config"])!["crio"]!["image"]!["pause_image"];
    }
}
