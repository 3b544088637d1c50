namespace CriEngine.Config.Tests;

public sealed class ConfigFlagsTests
{
    [Test]
    public void No_arguments_read_the_default_files_with_no_flags()
    {
        Assert.That(ConfigFlags.Parse([]), Is.EqualTo(ConfigSources.Default));
        Assert.That(ConfigSources.Default, Is.EqualTo(new ConfigSources("/etc/crio/crio.conf", false, "/etc/crio/crio.conf.d", ConfigFlags.None)));
    }

    [Test]
    public void Flags_take_their_value_as_the_next_argument_or_after_an_equals_sign()
    {
        var sources = ConfigFlags.Parse(["--listen", "/run/a.sock", "--root=/srv/storage", "-log-level", "debug"]);

        Assert.That(sources.Flags, Is.EqualTo(new ConfigFlags { Listen = "/run/a.sock", Root = "/srv/storage", LogLevel = "debug" }));
    }

    [Test]
    public void Every_flag_sets_its_property()
    {
        var flags = ConfigFlags.Parse([
            "--listen", "/a.sock", "--root", "/root", "--runroot", "/runroot", "--log-level", "warn", "--log-dir", "/logs",
            "--cgroup-manager", "cgroupfs", "--conmon", "/bin/conmon", "--conmon-cgroup", "pod", "--default-runtime", "runc",
            "--pause-image", "example.com/pause:1", "--pause-command", "/pause", "--cni-config-dir", "/cni/net.d",
            "--cni-plugin-dir", "/cni/bin", "--stream-address", "0.0.0.0", "--stream-port", "10010",
            "--enable-metrics", "--metrics-port", "9191",
        ]).Flags;

        Assert.That(flags, Is.EqualTo(new ConfigFlags
        {
            Listen = "/a.sock", Root = "/root", RunRoot = "/runroot", LogLevel = "warn", LogDir = "/logs",
            CgroupManager = "cgroupfs", Conmon = "/bin/conmon", ConmonCgroup = "pod", DefaultRuntime = "runc",
            PauseImage = "example.com/pause:1", PauseCommand = "/pause", CniConfigDir = "/cni/net.d",
            CniPluginDirs = ValueList<string>.Of("/cni/bin"), StreamAddress = "0.0.0.0", StreamPort = "10010",
            EnableMetrics = true, MetricsPort = 9191,
        }));
    }

    [Test]
    public void The_cni_plugin_dir_flag_repeats_and_splits_on_commas()
    {
        var flags = ConfigFlags.Parse(["--cni-plugin-dir", "/a,/b", "--cni-plugin-dir=/c"]).Flags;

        Assert.That(flags.CniPluginDirs, Is.EqualTo(new[] { "/a", "/b", "/c" }));
    }

    [Test]
    public void A_boolean_flag_alone_means_true_and_takes_a_value_only_after_an_equals_sign()
    {
        Assert.That(ConfigFlags.Parse(["--enable-metrics", "--listen", "/a.sock"]).Flags,
            Is.EqualTo(new ConfigFlags { EnableMetrics = true, Listen = "/a.sock" }));
        Assert.That(ConfigFlags.Parse(["--enable-metrics=false"]).Flags.EnableMetrics, Is.False);
    }

    [Test]
    public void Config_and_config_dir_name_the_files_and_an_empty_value_means_none()
    {
        Assert.That(ConfigFlags.Parse(["--config", "/etc/x.conf", "-d", "/etc/x.d"]),
            Is.EqualTo(new ConfigSources("/etc/x.conf", true, "/etc/x.d", ConfigFlags.None)));
        Assert.That(ConfigFlags.Parse(["-c=", "--config-dir="]),
            Is.EqualTo(new ConfigSources(null, true, null, ConfigFlags.None)));
    }

    [Test]
    public void Unknown_flags_missing_values_and_bad_values_are_errors_naming_the_flag()
    {
        var exception = Assert.Throws<ConfigException>(() =>
            ConfigFlags.Parse(["--no-such-flag", "--metrics-port", "many", "--enable-metrics=maybe", "stray", "---x", "--listen"]))!;

        Assert.That(exception.Errors.Select(error => error.ToString()), Is.EqualTo(new[]
        {
            "--no-such-flag: unknown flag",
            "--metrics-port: \"many\" is not an integer",
            "--enable-metrics: \"maybe\" is not true or false",
            "stray: not a flag",
            "---x: not a flag",
            "--listen: needs a value",
        }));
    }

    [Test]
    public void A_flag_value_may_start_with_a_dash()
    {
        Assert.That(ConfigFlags.Parse(["--pause-command", "-"]).Flags.PauseCommand, Is.EqualTo("-"));
    }
}
