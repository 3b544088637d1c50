using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

public sealed class ValidationTests : ConfigTestBase
{
    private string DropIn => Files.Combine("crio.conf.d/10-x.conf");

    private void WriteDropIn(string toml) => WriteDropIn("10-x.conf", toml);

    [Test]
    public void Cgroup_manager_must_be_systemd_or_cgroupfs()
    {
        WriteDropIn("[crio.runtime]\n\ncgroup_manager = \"foo\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:3: crio.runtime.cgroup_manager = \"foo\": must be \"systemd\" or \"cgroupfs\"",
        }));
    }

    [Test]
    public void Log_level_must_be_one_of_CRIOs_levels()
    {
        WriteDropIn("[crio.runtime]\nlog_level = \"loud\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:2: crio.runtime.log_level = \"loud\": must be \"fatal\", \"panic\", \"error\", \"warn\", \"warning\", \"info\", \"debug\" or \"trace\"",
        }));
    }

    [Test]
    public void Log_level_is_read_without_regard_to_case_as_CRIOs_logger_reads_it()
    {
        WriteDropIn("[crio.runtime]\nlog_level = \"DEBUG\"\n");

        Assert.That(Load().Config.Runtime.LogLevel, Is.EqualTo("DEBUG"));
    }

    [Test]
    public void Image_volumes_must_be_mkdir_bind_or_ignore()
    {
        WriteDropIn("[crio.image]\nimage_volumes = \"copy\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.image.image_volumes = \"copy\": must be \"mkdir\", \"bind\" or \"ignore\"" }));
    }

    [TestCase("crio", "root")]
    [TestCase("crio", "runroot")]
    [TestCase("crio", "log_dir")]
    [TestCase("crio.api", "listen")]
    [TestCase("crio.network", "network_dir")]
    public void Paths_that_must_be_absolute_reject_relative_ones(string table, string key)
    {
        WriteDropIn($"[{table}]\n{key} = \"relative/dir\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: {table}.{key} = \"relative/dir\": must be an absolute path" }));
    }

    [Test]
    public void A_relative_conmon_path_is_rejected()
    {
        WriteDropIn("[crio.runtime]\nconmon = \"bin/conmon\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.runtime.conmon = \"bin/conmon\": must be an absolute path or empty" }));
    }

    [Test]
    public void Every_plugin_dir_must_be_absolute()
    {
        WriteDropIn("[crio.network]\nplugin_dirs = [\"/opt/cni/bin\", \"cni\"]\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.network.plugin_dirs = [\"/opt/cni/bin\", \"cni\"]: entry \"cni\" is not an absolute path" }));
    }

    [Test]
    public void A_relative_runtime_root_makes_the_default_handler_an_error()
    {
        WriteDropIn("[crio.runtime.runtimes.crun]\nruntime_root = \"run/crun\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.runtime.runtimes.crun.runtime_root = \"run/crun\": must be an absolute path or empty" }));
    }

    [Test]
    public void Conmon_cgroup_must_be_pod_or_a_slice_under_systemd()
    {
        WriteDropIn("[crio.runtime]\ncgroup_manager = \"systemd\"\nconmon_cgroup = \"conmon.scope\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:3: crio.runtime.conmon_cgroup = \"conmon.scope\": must be \"pod\" or a systemd slice (ending in \".slice\") with cgroup_manager \"systemd\"",
        }));
    }

    [Test]
    public void Conmon_cgroup_must_be_pod_or_empty_under_cgroupfs()
    {
        WriteDropIn("[crio.runtime]\ncgroup_manager = \"cgroupfs\"\nconmon_cgroup = \"machine.slice\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:3: crio.runtime.conmon_cgroup = \"machine.slice\": must be \"pod\" or empty with cgroup_manager \"cgroupfs\"",
        }));
    }

    [Test]
    public void Cgroupfs_accepts_the_builtin_system_slice_monitor_cgroup_as_CRIO_does()
    {
        WriteDropIn("[crio.runtime]\ncgroup_manager = \"cgroupfs\"\n");

        var runtime = Load().Config.Runtime;

        Assert.That(runtime.MonitorCgroupFor(runtime.DefaultHandler), Is.Empty);
    }

    [Test]
    public void A_handlers_monitor_cgroup_must_fit_the_cgroup_manager()
    {
        WriteDropIn("""
            [crio.runtime]
            cgroup_manager = "cgroupfs"
            [crio.runtime.runtimes.runc]
            monitor_cgroup = "runc.slice"
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:4: crio.runtime.runtimes.runc.monitor_cgroup = \"runc.slice\": must be \"pod\" or empty with cgroup_manager \"cgroupfs\"",
        }));
    }

    [Test]
    public void Default_runtime_must_be_in_the_runtimes_table()
    {
        WriteDropIn("[crio.runtime]\ndefault_runtime = \"kata\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:2: crio.runtime.default_runtime = \"kata\": no runtime handler [crio.runtime.runtimes.kata] is defined",
        }));
    }

    [Test]
    public void Default_runtime_set_by_flag_is_named_by_the_flag()
    {
        var errors = LoadErrors(Sources with { Flags = ConfigFlags.Parse(["--default-runtime", "kata"]).Flags });

        Assert.That(errors, Is.EqualTo(new[]
        {
            "--default-runtime: crio.runtime.default_runtime = \"kata\": no runtime handler [crio.runtime.runtimes.kata] is defined",
        }));
    }

    [Test]
    public void Flag_values_are_checked_like_file_values_and_name_the_flag()
    {
        var errors = LoadErrors(Sources with { Flags = ConfigFlags.Parse(["--cgroup-manager", "foo", "--root", "var/lib"]).Flags });

        Assert.That(errors, Is.EqualTo(new[]
        {
            "--root: crio.root = \"var/lib\": must be an absolute path",
            "--cgroup-manager: crio.runtime.cgroup_manager = \"foo\": must be \"systemd\" or \"cgroupfs\"",
        }));
    }

    [Test]
    public void The_default_runtime_binary_must_be_on_the_path_when_runtime_path_is_empty()
    {
        var errors = LoadErrors(FakeTools.Only("conmon"));

        Assert.That(errors, Is.EqualTo(new[] { "built-in default: crio.runtime.runtimes.crun.runtime_path = \"\": \"crun\" not found in $PATH" }));
    }

    [Test]
    public void The_default_runtime_binary_must_exist_and_be_executable_at_its_runtime_path()
    {
        WriteDropIn("""
            [crio.runtime]
            default_runtime = "runc"
            [crio.runtime.runtimes.runc]
            runtime_path = "/opt/runc"
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:4: crio.runtime.runtimes.runc.runtime_path = \"/opt/runc\": no executable file at this path",
        }));
    }

    [Test]
    public void A_handler_found_by_its_name_on_the_path_is_accepted()
    {
        WriteDropIn("[crio.runtime]\ndefault_runtime = \"runc\"\n[crio.runtime.runtimes.runc]\n");

        Assert.That(Load(FakeTools.Only("runc", "conmon")).Config.Runtime.DefaultRuntime, Is.EqualTo("runc"));
    }

    [Test]
    public void A_non_default_handler_without_binary_is_left_out_with_a_warning_as_CRIO_does()
    {
        WriteDropIn("[crio.runtime.runtimes.kata]\nruntime_type = \"vm\"\n");

        var loaded = Load();

        Assert.That(loaded.Config.Runtime.Runtimes.Keys, Is.EqualTo(new[] { "crun" }));
        Assert.That(loaded.Warnings.Select(warning => warning.ToString()), Is.EqualTo(new[]
        {
            $"{DropIn}:1: crio.runtime.runtimes.kata.runtime_path = \"\": \"kata\" not found in $PATH; runtime handler \"kata\" is left out",
        }));
    }

    [Test]
    public void Runtime_type_must_be_oci_vm_or_pod()
    {
        WriteDropIn("[crio.runtime.runtimes.crun]\nruntime_type = \"docker\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:2: crio.runtime.runtimes.crun.runtime_type = \"docker\": must be \"oci\", \"vm\", \"pod\" or empty",
        }));
    }

    [Test]
    public void A_vm_handler_binary_must_be_a_containerd_shim()
    {
        WriteDropIn("""
            [crio.runtime]
            default_runtime = "kata"
            [crio.runtime.runtimes.kata]
            runtime_path = "/test/bin/kata-runtime"
            runtime_type = "vm"
            """);

        Assert.That(LoadErrors(FakeTools.With("kata-runtime")), Is.EqualTo(new[]
        {
            $"{DropIn}:4: crio.runtime.runtimes.kata.runtime_path = \"/test/bin/kata-runtime\": a \"vm\" runtime must be a containerd shim named containerd-shim-NAME-v2",
        }));
    }

    [Test]
    public void Runtime_type_specific_keys_must_go_with_their_type()
    {
        WriteDropIn("""
            [crio.runtime.runtimes.crun]
            runtime_config_path = "/etc/kata/configuration.toml"
            stream_websockets = true
            [crio.runtime.runtimes.kata]
            runtime_path = "/test/bin/containerd-shim-kata-v2"
            runtime_type = "vm"
            no_sync_log = true
            """);

        var exception = Assert.Throws<ConfigException>(() => Load(FakeTools.With("containerd-shim-kata-v2")))!;

        Assert.That(exception.Errors.Select(error => error.ToString()), Is.EqualTo(new[]
        {
            $"{DropIn}:2: crio.runtime.runtimes.crun.runtime_config_path = \"/etc/kata/configuration.toml\": can only be used with runtime_type \"vm\"",
            $"{DropIn}:3: crio.runtime.runtimes.crun.stream_websockets = true: can only be used with runtime_type \"pod\"",
        }));
    }

    [Test]
    public void The_monitor_binary_must_be_found()
    {
        WriteDropIn("[crio.runtime]\nconmon = \"/opt/conmon\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.runtime.conmon = \"/opt/conmon\": no executable file at this path" }));
    }

    [Test]
    public void Without_conmon_on_the_path_the_default_handler_has_no_monitor()
    {
        Assert.That(LoadErrors(FakeTools.Only("crun")), Is.EqualTo(new[]
        {
            "built-in default: crio.runtime.runtimes.crun.monitor_path = \"\": \"conmon\" not found in $PATH",
        }));
    }

    [Test]
    public void Stream_port_must_be_a_port_number()
    {
        WriteDropIn("[crio.api]\nstream_port = \"70000\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.api.stream_port = \"70000\": must be a port number from 0 to 65535" }));
    }

    [Test]
    public void Metrics_port_must_be_a_port_number()
    {
        WriteDropIn("[crio.metrics]\nmetrics_port = -1\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.metrics.metrics_port = -1: must be a port number from 0 to 65535" }));
    }

    [Test]
    public void Log_size_max_must_be_negative_or_at_least_8192()
    {
        WriteDropIn("[crio.runtime]\nlog_size_max = 100\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.runtime.log_size_max = 100: must be negative (no limit) or at least 8192" }));
    }

    [Test]
    public void Stream_TLS_needs_a_certificate_and_a_key()
    {
        WriteDropIn("[crio.api]\nstream_enable_tls = true\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            "built-in default: crio.api.stream_tls_cert = \"\": must be set when stream_enable_tls is true",
            "built-in default: crio.api.stream_tls_key = \"\": must be set when stream_enable_tls is true",
        }));
    }

    [Test]
    public void A_workload_needs_an_activation_annotation()
    {
        WriteDropIn("[crio.runtime.workloads.management]\nannotation_prefix = \"io.openshift.workload\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:1: crio.runtime.workloads.management.activation_annotation = \"\": must be set",
        }));
    }

    [Test]
    public void Allowed_annotations_must_be_ones_CRIO_knows()
    {
        WriteDropIn("[crio.runtime.runtimes.crun]\nallowed_annotations = [\"io.kubernetes.cri-o.umask\", \"io.kubernetes.cri-o.nosuch\"]\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:2: crio.runtime.runtimes.crun.allowed_annotations = \"io.kubernetes.cri-o.nosuch\": not an annotation CRI-O knows (see crio.conf(5), allowed_annotations)",
        }));
    }

    [Test]
    public void A_workloads_allowed_annotations_and_resources_are_checked_as_CRIO_checks_them()
    {
        WriteDropIn("""
            [crio.runtime.workloads.management]
            activation_annotation = "target.workload.openshift.io/management"
            allowed_annotations = ["cpu-quota.crio.io", "example.com/mine"]

            [crio.runtime.workloads.management.resources]
            cpushares = 512
            cpuquota = 100
            cpuperiod = 999
            cpuset = "0-a"
            """);

        Assert.That(LoadErrors(), Is.EqualTo(new[]
        {
            $"{DropIn}:3: crio.runtime.workloads.management.allowed_annotations = \"example.com/mine\": not an annotation CRI-O knows (see crio.conf(5), allowed_annotations)",
            $"{DropIn}:9: crio.runtime.workloads.management.resources.cpuset = \"0-a\": not a CPU list such as \"0-2,4\"",
            $"{DropIn}:7: crio.runtime.workloads.management.resources.cpuquota = 100: cannot be less than cpushares 512",
            $"{DropIn}:8: crio.runtime.workloads.management.resources.cpuperiod = 999: cannot be less than 1000 microseconds",
        }));
    }

    [Test]
    public void Infra_ctr_cpuset_must_be_a_CPU_list()
    {
        WriteDropIn("[crio.runtime]\ninfra_ctr_cpuset = \"one\"\n");

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: crio.runtime.infra_ctr_cpuset = \"one\": not a CPU list such as \"0-2,4\"" }));
    }

    [Test]
    public void Every_error_is_reported_and_the_message_lists_one_per_line()
    {
        WriteDropIn("[crio.runtime]\ncgroup_manager = \"foo\"\nlog_level = \"loud\"\n");

        var exception = Assert.Throws<ConfigException>(() => Load())!;

        Assert.That(exception.Message.Split('\n'), Has.Length.EqualTo(2));
        Assert.That(exception.Message, Does.StartWith($"{DropIn}:2: crio.runtime.cgroup_manager"));
    }

    [Test]
    public void A_value_overridden_by_a_later_file_is_not_checked()
    {
        WriteMain("[crio.runtime]\ncgroup_manager = \"foo\"\n");
        WriteDropIn("[crio.runtime]\ncgroup_manager = \"cgroupfs\"\n");

        Assert.That(Load().Config.Runtime.CgroupManager, Is.EqualTo("cgroupfs"));
    }
}
