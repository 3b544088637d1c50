namespace CriEngine.Config.Tests;

public sealed class MergeTests : ConfigTestBase
{
    [Test]
    public void A_later_array_replaces_the_earlier_one()
    {
        WriteMain("[crio.network]\nplugin_dirs = [\"/a\", \"/b\"]\n");
        WriteDropIn("10.conf", "[crio.network]\nplugin_dirs = [\"/c\"]\n");

        Assert.That(Load().Config.Network.PluginDirs, Is.EqualTo(new[] { "/c" }));
    }

    [Test]
    public void Storage_options_of_all_files_are_combined_as_CRIO_combines_them()
    {
        WriteMain("[crio]\nstorage_option = [\"a=1\", \"b=2\"]\n");
        WriteDropIn("10.conf", "[crio]\nstorage_option = [\"c=3\", \"a=1\"]\n");

        Assert.That(Load().Config.Crio.StorageOptions, Is.EqualTo(new[] { "b=2", "c=3", "a=1" }));
    }

    [Test]
    public void Runtime_handler_defined_again_is_merged_key_by_key()
    {
        WriteMain("""
            [crio.runtime.runtimes.runc]
            runtime_path = "/test/bin/runc"
            runtime_root = "/run/runc"
            """);
        WriteDropIn("10.conf", """
            [crio.runtime.runtimes.runc]
            runtime_root = "/run/runc-2"
            monitor_env = ["A=1"]
            """);

        var runc = Load().Config.Runtime.Runtimes["runc"];

        Assert.That(runc.RuntimePath, Is.EqualTo("/test/bin/runc"));
        Assert.That(runc.RuntimeRoot, Is.EqualTo("/run/runc-2"));
        Assert.That(runc.MonitorEnv, Is.EqualTo(new[] { "A=1" }));
    }

    [Test]
    public void The_builtin_crun_handler_keeps_its_keys_when_a_file_sets_some()
    {
        WriteDropIn("10.conf", "[crio.runtime.runtimes.crun]\nruntime_path = \"/test/bin/crun\"\n");

        var crun = Load().Config.Runtime.Runtimes["crun"];

        Assert.That(crun.RuntimePath, Is.EqualTo("/test/bin/crun"));
        Assert.That(crun.RuntimeRoot, Is.EqualTo("/run/crun"));
        Assert.That(crun.MonitorCgroup, Is.EqualTo("system.slice"));
    }

    [Test]
    public void A_new_runtime_handler_starts_from_the_handler_defaults_and_keeps_the_builtin_one()
    {
        WriteDropIn("10.conf", "[crio.runtime.runtimes.runc]\n");

        var runtimes = Load().Config.Runtime.Runtimes;

        Assert.That(runtimes.Keys, Is.EqualTo(new[] { "crun", "runc" }));
        Assert.That(runtimes["runc"].RuntimeType, Is.EqualTo("oci"));
        Assert.That(runtimes["runc"].RuntimeRoot, Is.Empty);
        Assert.That(runtimes["runc"].ContainerCreateTimeout, Is.EqualTo(240));
    }

    [Test]
    public void An_empty_default_runtime_means_crun_as_in_CRIO()
    {
        WriteMain("[crio.runtime]\ndefault_runtime = \"\"\n");

        var runtime = Load().Config.Runtime;

        Assert.That(runtime.DefaultRuntime, Is.EqualTo("crun"));
        Assert.That(runtime.DefaultHandler.RuntimeRoot, Is.EqualTo("/run/crun"));
    }

    [Test]
    public void Grpc_sizes_of_zero_or_less_mean_80_MiB_as_in_CRIO()
    {
        WriteMain("[crio.api]\ngrpc_max_send_msg_size = 0\ngrpc_max_recv_msg_size = -1\n");

        var api = Load().Config.Api;

        Assert.That(api.GrpcMaxSendMsgSize, Is.EqualTo(80 * 1024 * 1024));
        Assert.That(api.GrpcMaxRecvMsgSize, Is.EqualTo(80 * 1024 * 1024));
    }

    [Test]
    public void Timeouts_below_their_minimum_count_as_the_minimum_as_in_CRIO()
    {
        WriteMain("""
            [crio.runtime]
            ctr_stop_timeout = 10
            [crio.runtime.runtimes.crun]
            container_create_timeout = 5
            [crio.runtime.runtimes.runc]
            container_create_timeout = 0
            """);

        var runtime = Load().Config.Runtime;

        Assert.That(runtime.CtrStopTimeout, Is.EqualTo(30));
        Assert.That(runtime.Runtimes["crun"].ContainerCreateTimeout, Is.EqualTo(30));
        Assert.That(runtime.Runtimes["runc"].ContainerCreateTimeout, Is.EqualTo(240));
    }

    [Test]
    public void A_handler_inheriting_the_default_runtime_takes_its_runtime_fields()
    {
        WriteMain("""
            [crio.runtime.runtimes.crun]
            runtime_path = "/test/bin/crun"
            [crio.runtime.runtimes.high-performance]
            inherit_default_runtime = true
            runtime_root = "/ignored"
            monitor_env = ["B=2"]
            """);

        var handler = Load().Config.Runtime.Runtimes["high-performance"];

        Assert.That(handler.RuntimePath, Is.EqualTo("/test/bin/crun"));
        Assert.That(handler.RuntimeRoot, Is.EqualTo("/run/crun"));
        Assert.That(handler.MonitorEnv, Is.EqualTo(new[] { "B=2" }));
    }

    [Test]
    public void Durations_read_Go_duration_text_and_integer_nanoseconds()
    {
        WriteMain("""
            [crio.image]
            pull_progress_timeout = "1m30s"
            [crio.nri]
            nri_plugin_request_timeout = 1500000000
            """);

        var config = Load().Config;

        Assert.That(config.Image.PullProgressTimeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(config.Nri.NriPluginRequestTimeout, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
    }
}
