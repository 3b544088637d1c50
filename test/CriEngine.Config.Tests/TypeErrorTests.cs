using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

public sealed class TypeErrorTests : ConfigTestBase
{
    private string DropIn => Files.Combine("crio.conf.d/10.conf");

    [TestCase("[crio.api]\nlisten = 3\n", "crio.api.listen = 3: must be a string, not an integer")]
    [TestCase("[crio.runtime]\nlog_size_max = \"big\"\n", "crio.runtime.log_size_max = \"big\": must be an integer, not a string")]
    [TestCase("[crio.runtime]\nselinux = \"yes\"\n", "crio.runtime.selinux = \"yes\": must be a boolean, not a string")]
    [TestCase("[crio.network]\nplugin_dirs = \"/opt/cni/bin\"\n", "crio.network.plugin_dirs = \"/opt/cni/bin\": must be an array of strings, not a string")]
    [TestCase("[crio.network]\nplugin_dirs = [1, 2]\n", "crio.network.plugin_dirs = [1, 2]: must be an array of strings")]
    [TestCase("[crio.api]\nstream_port = 10010\n", "crio.api.stream_port = 10010: must be a string, not an integer")]
    [TestCase("[crio.image]\npull_progress_timeout = \"soon\"\n", "crio.image.pull_progress_timeout = \"soon\": must be a duration such as \"1m30s\"")]
    [TestCase("[crio]\napi = 1\n", "crio.api = 1: must be a table")]
    [TestCase("[crio.runtime]\nruntimes = 1\n", "crio.runtime.runtimes = 1: must be a table of named tables")]
    [TestCase("[crio.runtime.runtimes]\nrunc = \"/usr/bin/runc\"\n", "crio.runtime.runtimes.runc = \"/usr/bin/runc\": must be a table")]
    [TestCase("[crio.runtime.runtimes.crun]\nplatform_runtime_paths = { \"linux/amd64\" = 1 }\n",
        "crio.runtime.runtimes.crun.platform_runtime_paths = { \"linux/amd64\" = 1 }: must be a table of strings")]
    public void A_value_of_the_wrong_TOML_type_is_an_error(string toml, string expected)
    {
        WriteDropIn("10.conf", toml);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{DropIn}:2: {expected}" }));
    }
}
