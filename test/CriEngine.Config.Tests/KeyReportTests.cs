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
            tls_min_version = "VersionTLS13"
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
            "crio.api.tls_min_version", "crio.api.tls_cipher_suites", "crio.runtime.min_injected_gomaxprocs",
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
    public void Keys_set_but_not_honoured_are_listed_once_with_where_they_were_last_set()
    {
        WriteMain("[crio.runtime]\nselinux = true\nlog_level = \"debug\"\n");
        WriteDropIn("10.conf", "[crio.runtime]\n\nselinux = false\n[crio.runtime.runtimes.crun]\nruntime_path = \"/test/bin/crun\"\nno_sync_log = true\n");

        var notHonoured = Load().NotHonoured;

        Assert.That(notHonoured, Is.EqualTo(new[]
        {
            new IgnoredKey("crio.runtime.selinux", new ValueOrigin(DropIn, 3)),
            new IgnoredKey("crio.runtime.runtimes.crun.no_sync_log", new ValueOrigin(DropIn, 6)),
        }));
    }

    [Test]
    public void A_key_set_by_a_flag_is_listed_with_the_flag()
    {
        var notHonoured = Load(Sources with { Flags = ConfigFlags.Parse(["--enable-tracing", "--listen", "/run/x.sock"]).Flags }).NotHonoured;

        Assert.That(notHonoured.Select(key => key.ToString()), Is.EqualTo(new[] { "--enable-tracing: crio.tracing.enable_tracing" }));
    }

    [Test]
    public void Keys_left_at_their_defaults_are_not_listed()
    {
        Assert.That(Load().NotHonoured, Is.Empty);
    }
}
