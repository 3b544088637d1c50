namespace CriEngine.Config.Tests;

public sealed class ConfigFlagsTests : ConfigTestBase
{
    // crio(8) of CRI-O 1.36: every global flag that takes a value, with a valid one. Written out
    // here rather than taken from the engine's table, so that a flag dropped from it fails.
    private static readonly (string Flag, string Value)[] ValueFlags =
    [
        ("config", "/etc/crio/crio.conf"), ("config-dir", "/etc/crio/crio.conf.d"), ("conmon", "/usr/bin/conmon"),
        ("conmon-cgroup", "pod"), ("listen", "/run/crio/crio.sock"), ("stream-address", "127.0.0.1"), ("stream-port", "0"),
        ("log", "/var/log/crio.log"), ("log-format", "text"), ("log-level", "info"), ("log-filter", "request.*"),
        ("log-dir", "/var/log/pods"), ("pause-command", "/pause"), ("pause-image", "registry.k8s.io/pause:3.10"),
        ("pause-image-auth-file", "/etc/pause.json"), ("separate-pull-cgroup", "pod"), ("global-auth-file", "/var/lib/kubelet/config.json"),
        ("signature-policy", "/etc/containers/policy.json"), ("signature-policy-dir", "/etc/crio/policies"), ("root", "/var/lib/x"),
        ("runroot", "/run/x"), ("imagestore", "/var/lib/images"), ("storage-driver", "overlay"), ("storage-opt", "overlay.mountopt=nodev"),
        ("insecure-registry", "10.0.0.0/8"), ("default-transport", "docker://"), ("decryption-keys-path", "/etc/crio/keys/"),
        ("default-runtime", "crun"), ("runtimes", "kata:/usr/bin/kata:/run/kata"), ("seccomp-profile", "/etc/seccomp.json"),
        ("privileged-seccomp-profile", "/etc/priv.json"), ("apparmor-profile", "crio-default"), ("blockio-config-file", "/etc/blockio.yaml"),
        ("irqbalance-config-file", "/etc/sysconfig/irqbalance"), ("rdt-config-file", "/etc/rdt.yaml"), ("cgroup-manager", "cgroupfs"),
        ("pids-limit", "-1"), ("log-size-max", "-1"), ("cni-default-network", ""), ("cni-config-dir", "/etc/cni/net.d/"),
        ("cni-plugin-dir", "/opt/cni/bin"), ("image-volumes", "mkdir"), ("hooks-dir", "/usr/share/containers/oci/hooks.d"),
        ("default-mounts-file", "/etc/mounts"), ("default-capabilities", "CHOWN,KILL"), ("default-sysctls", "net.ipv4.ping_group_range=0 0"),
        ("default-ulimits", "nofile=1024:2048"), ("profile-cpu", "/tmp/cpu"), ("profile-mem", "/tmp/mem"), ("profile-port", "6060"),
        ("metrics-host", "127.0.0.1"), ("metrics-port", "9090"), ("metrics-socket", "/run/m.sock"), ("metrics-cert", "/etc/m.crt"),
        ("metrics-key", "/etc/m.key"), ("metrics-collectors", "operations_total"), ("tracing-sampling-rate-per-million", "0"),
        ("tracing-endpoint", "127.0.0.1:4317"), ("nri-listen", "/run/nri.sock"), ("nri-plugin-dir", "/opt/nri/plugins"),
        ("nri-plugin-config-dir", "/etc/nri/conf.d"), ("nri-plugin-registration-timeout", "5s"), ("nri-plugin-request-timeout", "2s"),
        ("big-files-temporary-dir", "/var/tmp"), ("pull-progress-timeout", "0s"), ("bind-mount-prefix", "/host"), ("uid-mappings", ""),
        ("gid-mappings", ""), ("minimum-mappable-uid", "-1"), ("minimum-mappable-gid", "-1"), ("allowed-devices", "/dev/fuse"),
        ("additional-devices", "/dev/sdc:/dev/xvdc:rwm"), ("cdi-spec-dirs", "/etc/cdi"), ("conmon-env", "PATH=/bin"), ("default-env", "A=b"),
        ("inject-gomaxprocs", "0"), ("container-attach-socket-dir", "/var/run/crio"), ("container-exits-dir", "/var/run/crio/exits"),
        ("ctr-stop-timeout", "30"), ("grpc-max-recv-msg-size", "83886080"), ("grpc-max-send-msg-size", "83886080"), ("pinns-path", "/usr/bin/pinns"),
        ("namespaces-dir", "/var/run"), ("stream-tls-ca", "/etc/ca.crt"), ("stream-tls-cert", "/etc/s.crt"), ("stream-tls-key", "/etc/s.key"),
        ("stream-idle-timeout", "4h"), ("registries-conf", "/etc/containers/registries.conf"), ("registries-conf-dir", "/etc/containers/registries.conf.d"),
        ("address", "x"), ("version-file", "/var/run/crio/version"), ("version-file-persist", "/var/lib/crio/version"),
        ("infra-ctr-cpuset", "0"), ("shared-cpuset", "1"), ("clean-shutdown-file", "/var/lib/crio/clean.shutdown"),
        ("absent-mount-sources-to-reject", "/etc/hostname"), ("stats-collection-period", "0"), ("collection-period", "0"),
        ("included-pod-metrics", "cpu"), ("irqbalance-config-restore-file", "disable"), ("pinned-images", "registry.k8s.io/pause:3.10"),
        ("timezone", "Local"),
    ];

    private static readonly string[] SwitchFlags =
    [
        "selinux", "blockio-reload", "log-journald", "add-inheritable-capabilities", "profile", "enable-profile-unix-socket",
        "enable-metrics", "enable-tracing", "enable-nri", "nri-disable-connections", "auto-reload-registries", "read-only",
        "device-ownership-from-security-context", "drop-infra-ctr", "no-pivot", "stream-enable-tls", "internal-wipe", "internal-repair",
        "oci-artifact-mount-support", "enable-criu-support", "enable-pod-events", "hostnetwork-disable-selinux", "disable-hostport-mapping",
    ];

    private static readonly Dictionary<string, IReadOnlyList<CommandOption>> Commands = new()
    {
        ["config"] = [new CommandOption("default", IsSwitch: true)],
        ["version"] = [new CommandOption("json", IsSwitch: true, "j")],
    };

    private static ConfigSources Parse(IReadOnlyList<string> args, params (string Name, string Value)[] environment) =>
        ConfigFlags.Parse(args, name => environment.FirstOrDefault(variable => variable.Name == name).Value);

    private static IReadOnlyList<string> Texts(ConfigSources sources, string flag) => sources.Flags.Given[flag].Texts;

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

        Assert.That(sources.Flags.Given.Keys, Is.EquivalentTo(new[] { "listen", "root", "log-level" }));
        Assert.That(Texts(sources, "root"), Is.EqualTo(new[] { "/srv/storage" }));
        Assert.That(Texts(sources, "log-level"), Is.EqualTo(new[] { "debug" }));
    }

    [Test]
    public void The_engines_own_cni_flags_are_read_and_absent_ones_leave_the_defaults()
    {
        var given = ConfigFlags.Parse(["--cni-cache-dir", "/srv/cni", "--cni-plugin-timeout=90s"]).Flags;
        var absent = ConfigFlags.Parse([]).Flags;

        Assert.That((given.CniCacheDir, given.CniPluginTimeout), Is.EqualTo(("/srv/cni", (TimeSpan?)TimeSpan.FromSeconds(90))));
        Assert.That((absent.CniCacheDir, absent.CniPluginTimeout), Is.EqualTo(((string?)null, (TimeSpan?)null)));
    }

    [Test]
    public void Every_global_flag_of_crio_8_is_accepted_in_both_forms()
    {
        var spaced = ValueFlags.SelectMany(flag => new[] { "--" + flag.Flag, flag.Value }).Concat(SwitchFlags.Select(flag => "--" + flag)).ToList();
        var joined = ValueFlags.Select(flag => $"--{flag.Flag}={flag.Value}").Concat(SwitchFlags.Select(flag => $"--{flag}=true")).ToList();

        var fromSpaced = ConfigFlags.Parse(spaced);
        var fromJoined = ConfigFlags.Parse(joined);

        var expected = ValueFlags.Select(flag => flag.Flag).Concat(SwitchFlags).Except(["config", "config-dir"]);
        Assert.That(fromSpaced.Flags.Given.Keys, Is.EquivalentTo(expected));
        Assert.That(fromJoined, Is.EqualTo(fromSpaced));
        Assert.That(fromSpaced.MainFile, Is.EqualTo("/etc/crio/crio.conf"));
        Assert.That(fromSpaced.MainFileExplicit, Is.True);
    }

    [Test]
    public void Every_flag_with_a_key_sets_it_and_the_others_are_reported_as_not_acted_on()
    {
        var sources = Sources with
        {
            Flags = ConfigFlags.Parse([
                "--log-level", "debug", "--cgroup-manager", "cgroupfs", "--conmon-cgroup", "pod", "--pids-limit", "2048",
                "--insecure-registry", "a.example,b.example", "--stream-idle-timeout=5m", "--nri-plugin-request-timeout", "3s",
                "--selinux", "--log", "/var/log/crio.log", "--profile", "--global-auth-file", "/auth.json",
            ]).Flags,
        };

        var loaded = Load(sources);

        Assert.That(loaded.Config.Runtime.LogLevel, Is.EqualTo("debug"));
        Assert.That(loaded.Config.Runtime.CgroupManager, Is.EqualTo("cgroupfs"));
        Assert.That(loaded.Config.Runtime.ConmonCgroup, Is.EqualTo("pod"));
        Assert.That(loaded.Config.Runtime.PidsLimit, Is.EqualTo(2048));
        Assert.That(loaded.Config.Runtime.Selinux, Is.True);
        Assert.That(loaded.Config.Image.InsecureRegistries, Is.EqualTo(new[] { "a.example", "b.example" }));
        Assert.That(loaded.Config.Image.GlobalAuthFile, Is.EqualTo("/auth.json"));
        Assert.That(loaded.Config.Api.StreamIdleTimeout, Is.EqualTo("5m"));
        Assert.That(loaded.Config.Nri.NriPluginRequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
        Assert.That(loaded.NotHonoured.Select(issue => $"{issue.Origin}: {issue.Key}"), Is.SupersetOf(new[]
        {
            "--selinux: crio.runtime.selinux", "--log: ", "--profile: ",
        }));
        Assert.That(loaded.NotHonoured.Single(issue => issue.Origin.Source == "--log").Reason, Does.Contain("not to a file"));
        Assert.That(loaded.NotHonoured.Select(key => key.Key), Has.None.EqualTo("crio.runtime.log_level"));
    }

    [Test]
    public void Short_forms_stand_for_their_flags()
    {
        var sources = ConfigFlags.Parse(["-c", "/etc/x.conf", "-d", "/etc/x.d", "-l", "debug", "-r", "/srv/root", "-s", "vfs", "--tz=UTC"]);

        Assert.That((sources.MainFile, sources.DropInDirectory), Is.EqualTo(("/etc/x.conf", "/etc/x.d")));
        Assert.That(Texts(sources, "log-level"), Is.EqualTo(new[] { "debug" }));
        Assert.That(Texts(sources, "root"), Is.EqualTo(new[] { "/srv/root" }));
        Assert.That(Texts(sources, "storage-driver"), Is.EqualTo(new[] { "vfs" }));
        Assert.That(Texts(sources, "timezone"), Is.EqualTo(new[] { "UTC" }));
    }

    [Test]
    public void Global_flags_may_come_before_or_after_the_subcommand()
    {
        var before = CommandLineArguments.Parse(["-c", "/etc/x.conf", "--log-level=debug", "config", "--default"], _ => null, Commands);
        var after = CommandLineArguments.Parse(["config", "--default", "-c", "/etc/x.conf", "--log-level", "debug"], _ => null, Commands);

        Assert.That(before.Command, Is.EqualTo("config"));
        Assert.That(before.Options["default"], Is.EqualTo("true"));
        Assert.That(after, Is.EqualTo(before));
        Assert.That(before.Sources.MainFile, Is.EqualTo("/etc/x.conf"));
        Assert.That(CommandLineArguments.Parse(["version", "-j"], _ => null, Commands).Options.Keys, Is.EqualTo(new[] { "json" }));
    }

    [Test]
    public void A_word_that_is_no_subcommand_is_an_error()
    {
        var exception = Assert.Throws<ConfigException>(() => CommandLineArguments.Parse(["-l", "debug", "serve"], _ => null, Commands))!;

        Assert.That(exception.Errors.Select(error => error.ToString()), Is.EqualTo(new[] { "serve: not a flag or command" }));
    }

    [Test]
    public void List_flags_repeat_or_split_on_commas_as_crio_string_slices_do()
    {
        var config = Load(Sources with { Flags = ConfigFlags.Parse(["--cni-plugin-dir", "/a, /b"]).Flags }).Config;
        var repeated = Load(Sources with { Flags = ConfigFlags.Parse(["--hooks-dir", "/a", "--hooks-dir=/b", "--default-capabilities", "CHOWN"]).Flags }).Config;

        Assert.That(config.Network.PluginDirs, Is.EqualTo(new[] { "/a", "/b" }));
        Assert.That(repeated.Runtime.HooksDir, Is.EqualTo(new[] { "/a", "/b" }));
        Assert.That(repeated.Runtime.DefaultCapabilities, Is.EqualTo(new[] { "CHOWN" }));
    }

    [Test]
    public void A_boolean_flag_alone_means_true_and_takes_a_value_only_after_an_equals_sign()
    {
        Assert.That(Load(Sources with { Flags = ConfigFlags.Parse(["--enable-metrics", "--listen", "/a.sock"]).Flags }).Config.Metrics.EnableMetrics, Is.True);
        Assert.That(Load(Sources with { Flags = ConfigFlags.Parse(["--drop-infra-ctr=false"]).Flags }).Config.Runtime.DropInfraCtr, Is.False);
        Assert.That(Load(Sources with { Flags = ConfigFlags.Parse(["--read-only=1"]).Flags }).Config.Runtime.ReadOnly, Is.True);
    }

    [Test]
    public void Environment_variables_apply_like_flags_and_a_flag_wins_over_its_variable()
    {
        var sources = Sources with
        {
            Flags = Parse(["--cgroup-manager", "systemd"],
                ("CONTAINER_LOG_LEVEL", "debug"), ("CONTAINER_CONMON", "/usr/libexec/conmon"), ("CONTAINER_CGROUP_MANAGER", "cgroupfs"),
                ("CONTAINER_DEFAULT_CAPABILITIES", "CHOWN, KILL"), ("CONTAINER_SELINUX", "true"), ("CONTAINER_DROP_INFRA_CTR", "")).Flags,
        };

        var config = Load(sources, FakeTools.With("/usr/libexec/conmon")).Config;

        Assert.That(config.Runtime.LogLevel, Is.EqualTo("debug"));
        Assert.That(config.Runtime.Conmon, Is.EqualTo("/usr/libexec/conmon"));
        Assert.That(config.Runtime.CgroupManager, Is.EqualTo("systemd"));
        Assert.That(config.Runtime.DefaultCapabilities, Is.EqualTo(new[] { "CHOWN", "KILL" }));
        Assert.That(config.Runtime.Selinux, Is.True);
        Assert.That(config.Runtime.DropInfraCtr, Is.False);
    }

    [Test]
    public void Container_config_names_the_main_file_as_the_flag_would()
    {
        var sources = Parse([], ("CONTAINER_CONFIG", "/etc/env.conf"), ("CONTAINER_CONFIG_DIR", ""));

        Assert.That(sources, Is.EqualTo(new ConfigSources("/etc/env.conf", true, null, ConfigFlags.None)));
    }

    [Test]
    public void A_key_set_by_a_variable_is_named_by_the_variable()
    {
        var errors = LoadErrors(Sources with { Flags = Parse([], ("CONTAINER_CGROUP_MANAGER", "foo")).Flags });

        Assert.That(errors, Is.EqualTo(new[] { "CONTAINER_CGROUP_MANAGER: crio.runtime.cgroup_manager = \"foo\": must be \"systemd\" or \"cgroupfs\"" }));
    }

    [Test]
    public void The_runtimes_flag_defines_handlers()
    {
        var config = Load(Sources with { Flags = ConfigFlags.Parse(["--runtimes", "runc:/usr/bin/runc:/run/runc:oci:true"]).Flags },
            FakeTools.With("/usr/bin/runc")).Config;

        Assert.That(config.Runtime.Runtimes["runc"].RuntimePath, Is.EqualTo("/usr/bin/runc"));
        Assert.That(config.Runtime.Runtimes["runc"].RuntimeRoot, Is.EqualTo("/run/runc"));
        Assert.That(config.Runtime.Runtimes["runc"].PrivilegedWithoutHostDevices, Is.True);
        Assert.That(config.Runtime.Runtimes.Keys, Does.Contain("crun"));
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
            Parse(["--no-such-flag", "--metrics-port", "many", "--enable-metrics=maybe", "stray", "---x", "--listen"], ("CONTAINER_PIDS_LIMIT", "lots")))!;

        Assert.That(exception.Errors.Select(error => error.ToString()), Is.EqualTo(new[]
        {
            "--no-such-flag: unknown flag",
            "stray: not a flag",
            "---x: not a flag",
            "--listen: needs a value",
            "CONTAINER_PIDS_LIMIT: \"lots\" is not an integer",
            "--enable-metrics: \"maybe\" is not true or false",
            "--metrics-port: \"many\" is not an integer",
        }));
    }

    [Test]
    public void A_flag_value_may_start_with_a_dash()
    {
        Assert.That(Texts(ConfigFlags.Parse(["--pause-command", "-"]), "pause-command"), Is.EqualTo(new[] { "-" }));
    }
}
