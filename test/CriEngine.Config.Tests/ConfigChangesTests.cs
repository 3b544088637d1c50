using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

public sealed class ConfigChangesTests : ConfigTestBase
{
    private static readonly CrioConfig Defaults = ConfigLoader.Defaults;

    [Test]
    public void Equal_configs_have_no_changes()
    {
        Assert.That(ConfigChanges.Between(Defaults, Defaults), Is.Empty);
    }

    [Test]
    public void A_live_key_changes_without_restart()
    {
        var changed = Defaults with { Image = Defaults.Image with { PauseImage = "quay.io/example/pause:2" } };

        Assert.That(ConfigChanges.Between(Defaults, changed), Is.EqualTo(new[]
        {
            new ConfigChange("crio.image.pause_image", "\"registry.k8s.io/pause:3.10\"", "\"quay.io/example/pause:2\"", RequiresRestart: false),
        }));
    }

    [Test]
    public void Storage_and_socket_changes_need_a_restart()
    {
        var changed = Defaults with
        {
            Crio = Defaults.Crio with { Root = "/srv/storage", StorageDriver = "vfs" },
            Api = Defaults.Api with { Listen = "/run/other.sock" },
        };

        Assert.That(ConfigChanges.Between(Defaults, changed), Is.EqualTo(new[]
        {
            new ConfigChange("crio.root", "\"/var/lib/criengine/storage\"", "\"/srv/storage\"", RequiresRestart: true),
            new ConfigChange("crio.storage_driver", "\"overlay\"", "\"vfs\"", RequiresRestart: true),
            new ConfigChange("crio.api.listen", "\"/var/run/crio/crio.sock\"", "\"/run/other.sock\"", RequiresRestart: true),
        }));
    }

    [TestCase("[crio.runtime]\nlog_level = \"debug\"", "crio.runtime.log_level", false)]
    [TestCase("[crio.runtime]\ncgroup_manager = \"cgroupfs\"", "crio.runtime.cgroup_manager", false)]
    [TestCase("[crio.runtime]\nconmon_cgroup = \"pod\"", "crio.runtime.conmon_cgroup", false)]
    [TestCase("[crio.runtime]\nseccomp_profile = \"/etc/seccomp.json\"", "crio.runtime.seccomp_profile", false)]
    [TestCase("[crio.image]\npause_command = \"/bin/pause\"", "crio.image.pause_command", false)]
    [TestCase("[crio.image]\npause_image_auth_file = \"/etc/auth.json\"", "crio.image.pause_image_auth_file", false)]
    [TestCase("[crio.image]\ninsecure_registries = [\"registry.local\"]", "crio.image.insecure_registries", false)]
    [TestCase("[crio.image]\nglobal_auth_file = \"/etc/auth.json\"", "crio.image.global_auth_file", false)]
    [TestCase("[crio.runtime]\ndecryption_keys_path = \"/etc/other-keys\"", "crio.runtime.decryption_keys_path", false)]
    [TestCase("[crio.network]\nnetwork_dir = \"/etc/cni/other\"", "crio.network.network_dir", false)]
    [TestCase("[crio.network]\nplugin_dirs = [\"/usr/lib/cni\"]", "crio.network.plugin_dirs", false)]
    [TestCase("[crio.network]\ncni_default_network = \"podnet\"", "crio.network.cni_default_network", false)]
    [TestCase("[crio]\nrunroot = \"/run/other\"", "crio.runroot", true)]
    [TestCase("[crio]\nstorage_option = [\"a=1\"]", "crio.storage_option", true)]
    [TestCase("[crio.api]\nstream_port = \"10010\"", "crio.api.stream_port", true)]
    [TestCase("[crio.runtime]\nconmon = \"/test/bin/conmon\"", "crio.runtime.conmon", true)]
    public void A_changed_file_reports_the_key_and_whether_it_needs_a_restart(string toml, string key, bool requiresRestart)
    {
        var before = Load().Config;
        WriteDropIn("10.conf", toml);

        var changes = ConfigChanges.Between(before, Load().Config);

        Assert.That(changes.Select(change => (change.Key, change.RequiresRestart)), Is.EqualTo(new[] { (key, requiresRestart) }));
    }

    [Test]
    public void An_added_handler_is_one_live_change_per_key()
    {
        var before = Load().Config;
        WriteDropIn("10.conf", "[crio.runtime.runtimes.runc]\nruntime_path = \"/test/bin/runc\"\n");

        var changes = ConfigChanges.Between(before, Load().Config);

        Assert.That(changes, Has.Count.EqualTo(20));
        Assert.That(changes, Has.All.Matches<ConfigChange>(change =>
            change.Key.StartsWith("crio.runtime.runtimes.runc.") && change.OldValue == null && !change.RequiresRestart));
        Assert.That(changes, Has.One.EqualTo(new ConfigChange("crio.runtime.runtimes.runc.runtime_path", null, "\"/test/bin/runc\"", false)));
    }

    [Test]
    public void A_removed_handler_is_one_change_per_key_with_no_new_value()
    {
        WriteDropIn("10.conf", "[crio.runtime.runtimes.runc]\n");
        var before = Load().Config;
        File.Delete(Files.Combine("crio.conf.d/10.conf"));

        var changes = ConfigChanges.Between(before, Load().Config);

        Assert.That(changes, Has.Count.EqualTo(20));
        Assert.That(changes, Has.One.EqualTo(new ConfigChange("crio.runtime.runtimes.runc.runtime_type", "\"oci\"", null, false)));
    }

    [Test]
    public void A_changed_handler_reports_only_its_changed_keys()
    {
        var before = Load().Config;
        WriteDropIn("10.conf", "[crio.runtime.runtimes.crun]\nruntime_root = \"/run/crun-2\"\n");

        Assert.That(ConfigChanges.Between(before, Load().Config), Is.EqualTo(new[]
        {
            new ConfigChange("crio.runtime.runtimes.crun.runtime_root", "\"/run/crun\"", "\"/run/crun-2\"", RequiresRestart: false),
        }));
    }

    [Test]
    public void Handler_names_that_are_not_bare_keys_are_quoted_in_the_key()
    {
        var before = Load().Config;
        WriteDropIn("10.conf", "[crio.runtime.runtimes.\"my.runc\"]\nruntime_path = \"/test/bin/runc\"\n");

        var changes = ConfigChanges.Between(before, Load().Config);

        Assert.That(changes[0].Key, Does.StartWith("crio.runtime.runtimes.\"my.runc\"."));
    }
}
