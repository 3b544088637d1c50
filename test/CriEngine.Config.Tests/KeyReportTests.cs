using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

public sealed class KeyReportTests : ConfigTestBase
{
    private string DropIn => Files.Combine("crio.conf.d/10.conf");

    [Test]
    public void An_unknown_key_is_a_warning_naming_file_line_and_key_as_CRIO_ignores_it()
    {
        WriteDropIn("10.conf", "[crio.runtime]\nlog_level = \"debug\"\nno_such_key = 1\n");

        var loaded = Load();

        Assert.That(loaded.Config.Runtime.LogLevel, Is.EqualTo("debug"));
        Assert.That(loaded.Warnings.Select(warning => warning.ToString()), Is.EqualTo(new[]
        {
            $"{DropIn}:3: crio.runtime.no_such_key: not a CRI-O configuration key; ignored, as CRI-O ignores it",
        }));
    }

    [Test]
    public void An_unknown_table_is_one_warning_at_its_header()
    {
        WriteDropIn("10.conf", "[crio.runtime]\n\n[crio.image.mirrors]\na = 1\nb = 2\n[registries]\nc = 3\n");

        var warnings = Load().Warnings;

        Assert.That(warnings.Select(warning => (warning.Key, warning.Origin.Line)), Is.EqualTo(new[]
        {
            ("crio.image.mirrors", 3), ("registries", 6),
        }));
    }

    [Test]
    public void Registries_of_another_type_is_ignored_with_a_warning_as_CRIO_no_longer_reads_it()
    {
        WriteDropIn("10.conf", "[crio.image.registries]\nsearch = [\"quay.io\"]\n");

        var loaded = Load();

        Assert.That(loaded.Config.Image.Registries, Is.Empty);
        Assert.That(loaded.Warnings.Select(warning => warning.Key), Is.EqualTo(new[] { "crio.image.registries" }));
        Assert.That(loaded.Warnings.Single().Reason, Does.Contain("no longer reads"));
    }

    [Test]
    public void Irqbalance_restore_file_takes_disable_as_CRIO_does()
    {
        WriteDropIn("10.conf", "[crio.runtime]\nirqbalance_config_restore_file = \"disable\"\n");

        Assert.That(Load().Config.Runtime.IrqbalanceConfigRestoreFile, Is.EqualTo("disable"));
    }

    [Test]
    public void Keys_CRIO_reads_that_the_engine_does_not_act_on_load_and_are_reported()
    {
        WriteDropIn("10.conf", """
            [crio.api]
            tls_cipher_suites = ["TLS_AES_128_GCM_SHA256"]
            [crio.runtime]
            min_injected_gomaxprocs = 4
            [crio.image]
            additional_artifact_stores = ["/var/lib/artifacts"]
            [crio.network]
            cni_status_grace_period = "30s"
            [crio.checkpoint_restore]
            container_level_enabled = "checkpoint_restore"
            """);

        var loaded = Load();

        Assert.That(loaded.Warnings, Is.Empty);
        Assert.That(loaded.Config.Runtime.MinInjectedGomaxprocs, Is.EqualTo(4));
        Assert.That(loaded.Config.Network.CniStatusGracePeriod, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(loaded.NotHonoured.Select(key => key.Key), Is.EquivalentTo(new[]
        {
            "crio.api.tls_cipher_suites", "crio.runtime.min_injected_gomaxprocs",
            "crio.image.additional_artifact_stores", "crio.network.cni_status_grace_period", "crio.checkpoint_restore.container_level_enabled",
        }));
    }

    [Test]
    public void Keys_the_engine_reads_are_not_reported_as_not_acted_on()
    {
        WriteDropIn("10.conf", """
            [crio.image]
            global_auth_file = "/var/lib/kubelet/config.json"
            pinned_images = ["registry.k8s.io/pause:3.10"]
            [crio.runtime]
            no_pivot = true
            conmon_env = ["PATH=/usr/bin"]
            log_size_max = 16384
            hooks_dir = ["/etc/containers/oci/hooks.d"]
            cdi_spec_dirs = ["/etc/cdi"]
            [crio.network]
            plugin_dir = "/usr/lib/cni"
            """);

        Assert.That(Load().NotHonoured, Is.Empty);
    }

    [Test]
    public void A_key_CRIO_dropped_long_ago_is_only_a_warning()
    {
        WriteDropIn("10.conf", "[crio.runtime]\nmanage_network_ns_lifecycle = true\n");

        Assert.That(Load().Warnings.Single().Key, Is.EqualTo("crio.runtime.manage_network_ns_lifecycle"));
    }

    [Test]
    public void Deprecated_registries_list_is_still_honoured()
    {
        WriteDropIn("10.conf", "[crio.image]\nregistries = [\"registry.example\"]\n");

        var loaded = Load();

        Assert.That(loaded.Warnings, Is.Empty);
        Assert.That(loaded.Config.Image.Registries, Is.EqualTo(new[] { "registry.example" }));
    }

    [Test]
    public void A_key_not_acted_on_is_reported_once_with_where_it_was_last_set_its_value_and_why()
    {
        WriteMain("[crio.runtime]\nselinux = true\nlog_level = \"debug\"\n");
        WriteDropIn("10.conf", "[crio.runtime]\n\nselinux = true\n[crio.runtime.runtimes.crun]\nruntime_path = \"/test/bin/crun\"\nno_sync_log = true\n");

        var notHonoured = Load().NotHonoured;

        Assert.That(notHonoured.Select(issue => issue.ToString()), Is.EqualTo(new[]
        {
            $"{DropIn}:3: crio.runtime.selinux = true: not acted on by CriEngine: containers are not labelled for SELinux",
            $"{DropIn}:6: crio.runtime.runtimes.crun.no_sync_log = true: not acted on by CriEngine: the monitor is not asked to skip syncing logs",
        }));
    }

    [Test]
    public void A_key_not_acted_on_set_back_to_its_default_is_not_reported()
    {
        WriteMain("[crio.runtime]\nselinux = true\n");
        WriteDropIn("10.conf", "[crio.runtime]\nselinux = false\n");

        Assert.That(Load().NotHonoured, Is.Empty);
    }

    [Test]
    public void A_key_not_acted_on_at_its_default_is_not_reported_as_a_stock_crio_conf_sets_many()
    {
        WriteDropIn("10.conf", """
            [crio.runtime]
            selinux = false
            enable_criu_support = true
            hostnetwork_disable_selinux = true
            irqbalance_config_file = "/etc/sysconfig/irqbalance"
            [crio.runtime.runtimes.crun]
            allowed_annotations = ["io.containers.trace-syscall", "io.kubernetes.cri-o.Devices"]
            container_create_timeout = 240
            [crio.runtime.runtimes.runc]
            runtime_path = "/test/bin/runc"
            no_sync_log = false
            [crio.nri]
            enable_nri = true
            nri_listen = "/var/run/nri/nri.sock"
            """);

        Assert.That(Load().NotHonoured, Is.Empty);
    }

    [Test]
    public void A_config_writing_every_key_at_its_default_loads_without_reports()
    {
        // What criengine config --default writes, with every key written out rather than commented out.
        var everyKey = string.Join('\n', ConfigRenderer.ToToml(ConfigLoader.Defaults).Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.IsMatch(line, "^# [a-z_0-9]+ = ") ? line[2..] : line));
        WriteDropIn("10.conf", everyKey);

        var loaded = Load();

        Assert.That(loaded.NotHonoured, Is.Empty);
        Assert.That(loaded.Warnings, Is.Empty);
    }

    [Test]
    public void A_key_set_by_a_flag_is_reported_with_the_flag()
    {
        var notHonoured = Load(Sources with { Flags = ConfigFlags.Parse(["--enable-tracing", "--listen", "/run/x.sock"]).Flags }).NotHonoured;

        Assert.That(notHonoured.Select(key => key.ToString()), Is.EqualTo(new[]
        {
            "--enable-tracing: crio.tracing.enable_tracing = true: not acted on by CriEngine: OpenTelemetry trace export is not supported",
        }));
    }

    [Test]
    public void Keys_left_at_their_defaults_are_not_listed()
    {
        Assert.That(Load().NotHonoured, Is.Empty);
    }
}
