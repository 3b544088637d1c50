namespace CriEngine.Config.Tests;

public sealed class DefaultsTests
{
    private static readonly CrioConfig Defaults = ConfigLoader.Defaults;

    [Test]
    public void Storage_defaults_are_the_engines_own_store()
    {
        Assert.That(Defaults.Crio.Root, Is.EqualTo("/var/lib/criengine/storage"));
        Assert.That(Defaults.Crio.RunRoot, Is.EqualTo("/run/criengine/storage"));
    }

    [Test]
    public void Other_defaults_are_CRIOs()
    {
        Assert.That(Defaults.Api.Listen, Is.EqualTo("/var/run/crio/crio.sock"));
        Assert.That(Defaults.Api.StreamPort, Is.EqualTo("0"));
        Assert.That(Defaults.Runtime.CgroupManager, Is.EqualTo("systemd"));
        Assert.That(Defaults.Runtime.LogLevel, Is.EqualTo("info"));
        Assert.That(Defaults.Image.PauseImage, Is.EqualTo("registry.k8s.io/pause:3.10"));
        Assert.That(Defaults.Network.NetworkDir, Is.EqualTo("/etc/cni/net.d/"));
        Assert.That(Defaults.Network.PluginDirs, Is.EqualTo(new[] { "/opt/cni/bin/" }));
        Assert.That(Defaults.Nri.NriPluginRegistrationTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void The_default_runtime_is_crun_defined_by_the_builtin_table_and_looked_up_on_the_path()
    {
        Assert.That(Defaults.Runtime.DefaultRuntime, Is.EqualTo("crun"));
        Assert.That(Defaults.Runtime.Runtimes.Keys, Is.EqualTo(new[] { "crun" }));
        Assert.That(Defaults.Runtime.DefaultHandler.RuntimePath, Is.Empty);
        Assert.That(Defaults.Runtime.DefaultHandler.RuntimeRoot, Is.EqualTo("/run/crun"));
    }

    [Test]
    public void Under_systemd_an_oci_monitor_goes_to_system_slice_unless_conmon_cgroup_says_otherwise()
    {
        var runtime = Defaults.Runtime;

        Assert.That(runtime.MonitorCgroupFor(runtime.DefaultHandler with { MonitorCgroup = "" }), Is.EqualTo("system.slice"));
        Assert.That((runtime with { ConmonCgroup = "pod" }).MonitorCgroupFor(runtime.DefaultHandler), Is.EqualTo("pod"));
    }

    [Test]
    public void The_global_conmon_overrides_an_oci_handlers_monitor_path()
    {
        var runtime = Defaults.Runtime with { Conmon = "/usr/bin/conmon" };

        Assert.That(runtime.MonitorPathFor(runtime.DefaultHandler with { MonitorPath = "/usr/libexec/crimon" }), Is.EqualTo("/usr/bin/conmon"));
        Assert.That(runtime.MonitorPathFor(runtime.DefaultHandler with { RuntimeType = "pod", MonitorPath = "/usr/bin/conmonrs" }), Is.EqualTo("/usr/bin/conmonrs"));
    }

    [Test]
    public void A_monitor_gets_its_handlers_monitor_env_unless_the_global_conmon_env_is_set()
    {
        var runtime = Defaults.Runtime;

        Assert.That(runtime.MonitorEnvFor(runtime.DefaultHandler), Is.EqualTo(new[] { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }));
        Assert.That((runtime with { ConmonEnv = ValueList<string>.Of("A=1") }).MonitorEnvFor(runtime.DefaultHandler), Is.EqualTo(new[] { "A=1" }));
        Assert.That((runtime with { ConmonEnv = ValueList<string>.Of("A=1") }).MonitorEnvFor(runtime.DefaultHandler with { RuntimeType = "pod" }),
            Is.EqualTo(runtime.DefaultHandler.MonitorEnv));
    }
}
