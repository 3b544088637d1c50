using System.Text.Json;

namespace CriEngine.Config.Tests;

public sealed class RendererTests : ConfigTestBase
{
    /// <summary>A config that changes every key of the defaults, and defines a handler of each runtime type and a workload.</summary>
    private const string EveryKeyChanged = """
        [crio]
        root = "/srv/storage"
        runroot = "/run/srv-storage"
        imagestore = "/srv/images"
        storage_driver = "vfs"
        storage_option = ["overlay.mountopt=nodev"]
        log_dir = "/var/log/pods-elsewhere"
        version_file = "/run/v"
        version_file_persist = "/var/lib/v"
        clean_shutdown_file = "/var/lib/clean"
        internal_wipe = false
        internal_repair = false

        [crio.api]
        grpc_max_send_msg_size = 1024
        grpc_max_recv_msg_size = 2048
        listen = "/run/criengine.sock"
        stream_address = "0.0.0.0"
        stream_port = "10010"
        stream_enable_tls = true
        stream_tls_cert = "/etc/tls/cert.pem"
        stream_tls_key = "/etc/tls/key.pem"
        stream_tls_ca = "/etc/tls/ca.pem"
        stream_idle_timeout = "2h"
        tls_min_version = "VersionTLS13"
        tls_cipher_suites = ["TLS_AES_128_GCM_SHA256"]

        [crio.runtime]
        default_ulimits = ["nofile=1024:2048"]
        no_pivot = true
        decryption_keys_path = "/etc/keys"
        conmon = "/opt/bin/conmon"
        conmon_cgroup = "pod"
        conmon_env = ["PATH=/opt/bin"]
        default_env = ["TZ=UTC"]
        selinux = true
        seccomp_profile = "/etc/seccomp.json"
        seccomp_use_default_when_empty = false
        privileged_seccomp_profile = "/etc/privileged.json"
        apparmor_profile = "unconfined"
        blockio_config_file = "/etc/blockio.yaml"
        blockio_reload = true
        irqbalance_config_file = "/etc/irqbalance"
        rdt_config_file = "/etc/rdt.yaml"
        cgroup_manager = "cgroupfs"
        separate_pull_cgroup = "pod"
        default_capabilities = ["CHOWN"]
        add_inheritable_capabilities = true
        default_sysctls = ["net.ipv4.ping_group_range=0 2147483647"]
        allowed_devices = ["/dev/fuse"]
        additional_devices = ["/dev/sdc:/dev/xvdc:rwm"]
        cdi_spec_dirs = ["/etc/cdi-more"]
        device_ownership_from_security_context = true
        hooks_dir = ["/etc/hooks.d"]
        default_mounts_file = "/etc/mounts.conf"
        pids_limit = 4096
        log_size_max = 16384
        log_to_journald = true
        container_exits_dir = "/run/exits"
        container_attach_socket_dir = "/run/attach"
        bind_mount_prefix = "/host"
        read_only = true
        log_level = "debug"
        log_filter = "^pod"
        uid_mappings = "0:100000:65536"
        gid_mappings = "0:100000:65536"
        minimum_mappable_uid = 1000
        minimum_mappable_gid = 1000
        ctr_stop_timeout = 60
        drop_infra_ctr = true
        infra_ctr_cpuset = "0-1"
        shared_cpuset = "2-3"
        namespaces_dir = "/run/ns"
        pinns_path = "/opt/bin/pinns"
        enable_criu_support = false
        enable_pod_events = true
        default_runtime = "runc"
        absent_mount_sources_to_reject = ["/etc/hostname"]
        hostnetwork_disable_selinux = false
        disable_hostport_mapping = true
        timezone = "Local"
        min_injected_gomaxprocs = 2
        irqbalance_config_restore_file = ""

        [crio.runtime.runtimes.runc]
        runtime_path = "/opt/bin/runc"
        runtime_type = "oci"
        runtime_root = "/run/runc"
        inherit_default_runtime = false
        container_min_memory = "12MiB"
        monitor_path = "/opt/bin/conmon"
        monitor_cgroup = "pod"
        monitor_exec_cgroup = "container"
        monitor_env = ["LOG=1"]
        allowed_annotations = ["io.kubernetes.cri-o.userns-mode"]
        privileged_without_host_devices = true
        platform_runtime_paths = { "linux/amd64" = "/opt/bin/runc", "linux/arm64" = "/opt/bin/runc-arm" }
        runtime_pull_image = true
        no_sync_log = true
        default_annotations = { "run.oci.keep_original_groups" = "1" }
        exec_cpu_affinity = "first"
        seccomp_profile = "/etc/runc-seccomp.json"
        container_create_timeout = 120

        [crio.runtime.runtimes.kata]
        runtime_path = "/opt/bin/containerd-shim-kata-v2"
        runtime_type = "vm"
        runtime_config_path = "/etc/kata/configuration.toml"

        [crio.runtime.runtimes.conmonrs]
        runtime_path = "/opt/bin/runc"
        runtime_type = "pod"
        monitor_path = "/opt/bin/conmonrs"
        stream_websockets = true

        [crio.runtime.workloads.management]
        activation_annotation = "target.workload.openshift.io/management"
        annotation_prefix = "resources.workload.openshift.io"
        allowed_annotations = ["io.kubernetes.cri-o.Devices"]

        [crio.runtime.workloads.management.resources]
        cpushares = 1024
        cpuquota = 5000
        cpuperiod = 100000
        cpuset = "0-1"
        cpulimit = 500

        [crio.image]
        default_transport = "oci:"
        global_auth_file = "/var/lib/kubelet/config.json"
        namespaced_auth_dir = "/etc/auth"
        pause_image = "quay.io/example/pause:1"
        pause_image_auth_file = "/etc/pause-auth.json"
        pause_command = ""
        pinned_images = ["quay.io/example/*"]
        signature_policy = "/etc/policy.json"
        signature_policy_dir = "/etc/policies"
        insecure_registries = ["registry.local:5000"]
        registries = ["registry.local:5000"]
        image_volumes = "ignore"
        big_files_temporary_dir = "/var/tmp/big"
        auto_reload_registries = true
        pull_progress_timeout = "1m30s"
        additional_artifact_stores = ["/var/lib/artifacts"]
        oci_artifact_mount_support = false
        short_name_mode = "disabled"

        [crio.network]
        cni_default_network = "podnet"
        network_dir = "/etc/cni/other.d"
        plugin_dir = "/usr/lib/cni"
        plugin_dirs = ["/usr/libexec/cni", "/opt/cni/more"]
        cni_status_grace_period = "30s"

        [crio.metrics]
        enable_metrics = true
        metrics_collectors = ["operations_total"]
        metrics_host = "0.0.0.0"
        metrics_port = 9191
        metrics_socket = "/run/metrics.sock"
        metrics_cert = "/etc/metrics/cert.pem"
        metrics_key = "/etc/metrics/key.pem"

        [crio.tracing]
        enable_tracing = true
        tracing_endpoint = "10.0.0.1:4317"
        tracing_sampling_rate_per_million = 1000000

        [crio.stats]
        stats_collection_period = 10
        collection_period = 15
        included_pod_metrics = ["cpu"]

        [crio.nri]
        enable_nri = false
        nri_listen = "/run/nri-other.sock"
        nri_plugin_dir = "/usr/lib/nri"
        nri_plugin_config_dir = "/etc/nri/other.d"
        nri_plugin_registration_timeout = "10s"
        nri_plugin_request_timeout = "1.5s"
        nri_disable_connections = true

        [crio.nri.default_validator]
        nri_enable_default_validator = true
        nri_validator_reject_oci_hook_adjustment = true
        nri_validator_reject_runtime_default_seccomp_adjustment = true
        nri_validator_reject_unconfined_seccomp_adjustment = true
        nri_validator_reject_custom_seccomp_adjustment = true
        nri_validator_reject_namespace_adjustment = true
        nri_validator_required_plugins = ["topology-aware"]
        nri_validator_tolerate_missing_plugins_annotation = "tolerate-missing.nri.io"

        [crio.checkpoint_restore]
        container_level_enabled = "checkpoint_restore"
        """;

    private static readonly ToolLocator ChangedTools =
        FakeTools.With("/opt/bin/runc", "/opt/bin/conmon", "/opt/bin/containerd-shim-kata-v2");

    [Test]
    public void Defaults_rendered_as_TOML_load_back_to_the_defaults()
    {
        WriteMain(ConfigRenderer.ToToml(ConfigLoader.Defaults));

        var loaded = Load();

        Assert.That(loaded.Config, Is.EqualTo(ConfigLoader.Defaults));
        Assert.That(loaded.Warnings, Is.Empty);
    }

    [Test]
    public void A_config_with_every_key_changed_renders_to_TOML_that_loads_back_equal()
    {
        WriteMain(EveryKeyChanged);
        var changed = Load(ChangedTools).Config;
        WriteMain(ConfigRenderer.ToToml(changed));

        var reloaded = Load(ChangedTools);

        Assert.That(reloaded.Config, Is.EqualTo(changed));
        Assert.That(reloaded.Warnings, Is.Empty);
    }

    [Test]
    public void The_every_key_config_leaves_no_key_at_its_default()
    {
        WriteMain(EveryKeyChanged);
        var changed = Load(ChangedTools);

        var changedKeys = ConfigChanges.Between(ConfigLoader.Defaults, changed.Config).Select(change => change.Key).ToHashSet();

        Assert.That(changed.Warnings, Is.Empty);
        Assert.That(LeafKeys(ConfigRenderer.ToJson(ConfigLoader.Defaults)).Where(key => !changedKeys.Contains(key)), Is.Empty);
    }

    [Test]
    public void Strings_and_keys_that_need_quoting_render_to_TOML_that_loads_back_equal()
    {
        WriteMain("""
            [crio.runtime]
            default_env = ["A=\"quoted\" \\ back\ttab \u0001 caf\u00e9 \U0001F600", 'literal\']
            [crio.runtime.runtimes.crun]
            platform_runtime_paths = { "linux/amd64" = "/usr/bin/crun", "linux/arm v8" = "/usr/bin/crun-v8" }
            """);
        var config = Load().Config;
        var toml = ConfigRenderer.ToToml(config);
        WriteMain(toml);

        Assert.That(toml, Does.Contain("platform_runtime_paths = { \"linux/amd64\" = \"/usr/bin/crun\", \"linux/arm v8\" = \"/usr/bin/crun-v8\" }\n"));
        Assert.That(Load().Config, Is.EqualTo(config));
        Assert.That(config.Runtime.DefaultEnv, Is.EqualTo(new[] { "A=\"quoted\" \\ back\ttab \u0001 caf\u00e9 \U0001F600", "literal\\" }));
    }

    [TestCase("2h", "2h0m0s")]
    [TestCase("90s", "1m30s")]
    [TestCase("300ms", "300ms")]
    [TestCase("1.5us", "1.5\u00b5s")]
    [TestCase("0", "0s")]
    public void Durations_are_written_as_Go_writes_them_and_read_back_equal(string written, string rendered)
    {
        WriteMain($"[crio.image]\npull_progress_timeout = \"{written}\"\n");
        var config = Load().Config;
        var toml = ConfigRenderer.ToToml(config);
        WriteMain(toml);

        Assert.That(toml, Does.Contain($"pull_progress_timeout = \"{rendered}\"\n"));
        Assert.That(Load().Config, Is.EqualTo(config));
    }

    [Test]
    public void The_TOML_output_comments_every_table_and_key()
    {
        var toml = ConfigRenderer.ToToml(ConfigLoader.Defaults);

        Assert.That(toml, Does.Contain("# The CRI gRPC socket and the streaming server.\n[crio.api]\n"));
        Assert.That(toml, Does.Contain("# Unix socket the CRI gRPC server listens on.\n# listen = \"/var/run/crio/crio.sock\"\n"));
        Assert.That(toml, Does.Contain("[crio.runtime.runtimes.crun]\n"));
        Assert.That(toml, Does.Contain("# Not acted on by CriEngine: containers are not labelled for SELinux\n# selinux = false\n"));
    }

    [Test]
    public void Keys_at_their_default_are_commented_out_and_changed_keys_written_plainly()
    {
        WriteMain("[crio.runtime]\ncgroup_manager = \"cgroupfs\"\nconmon_cgroup = \"pod\"\n[crio.runtime.runtimes.crun]\nruntime_root = \"/run/crun-elsewhere\"\n");

        var toml = ConfigRenderer.ToToml(Load().Config);
        var keyLines = toml.Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('['));

        Assert.That(keyLines, Is.EquivalentTo(new[]
        {
            "cgroup_manager = \"cgroupfs\"", "conmon_cgroup = \"pod\"", "runtime_root = \"/run/crun-elsewhere\"",
        }));
        Assert.That(toml, Does.Contain("# log_level = \"info\"\n").And.Contain("# runtime_type = \"oci\"\n"));
        Assert.That(ConfigRenderer.ToToml(ConfigLoader.Defaults).Split('\n').Where(line => line.Contains(" = ") && !line.StartsWith('#')), Is.Empty);
    }

    [Test]
    public void A_key_appended_to_the_output_loads_without_a_duplicate()
    {
        var toml = ConfigRenderer.ToToml(ConfigLoader.Defaults);
        Assume.That(toml.TrimEnd().Split('\n').Last(line => line.StartsWith('[')), Is.EqualTo("[crio.checkpoint_restore]"));
        WriteMain(toml + "container_level_enabled = \"checkpoint_restore\"\n");

        Assert.That(Load().Config.CheckpointRestore.ContainerLevelEnabled, Is.EqualTo("checkpoint_restore"));
        WriteMain(ConfigRenderer.ToToml(ConfigLoader.Defaults).Replace("[crio.image]\n", "[crio.image]\npause_image = \"registry.test/pause:2\"\n"));
        Assert.That(Load().Config.Image.PauseImage, Is.EqualTo("registry.test/pause:2"));
    }

    [Test]
    public void JSON_nests_objects_by_table_under_TOML_key_names()
    {
        using var json = JsonDocument.Parse(ConfigRenderer.ToJson(ConfigLoader.Defaults));
        var crio = json.RootElement.GetProperty("crio");

        Assert.That(crio.GetProperty("image").GetProperty("pause_image").GetString(), Is.EqualTo("registry.k8s.io/pause:3.10"));
        Assert.That(crio.GetProperty("root").GetString(), Is.EqualTo("/var/lib/criengine/storage"));
        Assert.That(crio.GetProperty("api").GetProperty("grpc_max_send_msg_size").GetInt64(), Is.EqualTo(83886080));
        Assert.That(crio.GetProperty("runtime").GetProperty("runtimes").GetProperty("crun").GetProperty("runtime_root").GetString(), Is.EqualTo("/run/crun"));
        Assert.That(crio.GetProperty("nri").GetProperty("nri_plugin_registration_timeout").GetString(), Is.EqualTo("5s"));
        Assert.That(crio.GetProperty("metrics").GetProperty("enable_metrics").GetBoolean(), Is.False);
    }

    /// <summary>The dotted path of every value in the JSON, leaving out the runtime handlers and workloads, which are keyed by name.</summary>
    private static IEnumerable<string> LeafKeys(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Leaves(document.RootElement, "").ToList();

        static IEnumerable<string> Leaves(JsonElement element, string path) =>
            element.ValueKind == JsonValueKind.Object && path is not ("crio.runtime.runtimes" or "crio.runtime.workloads")
                ? element.EnumerateObject().SelectMany(property => Leaves(property.Value, path == "" ? property.Name : $"{path}.{property.Name}"))
                : element.ValueKind == JsonValueKind.Object ? [] : [path];
    }
}
