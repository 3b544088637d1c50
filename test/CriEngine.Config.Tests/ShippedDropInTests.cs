namespace CriEngine.Config.Tests;

/// <summary>The drop-in in conf.d, as installed into /etc/crio/crio.conf.d.</summary>
public sealed class ShippedDropInTests
{
    private static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "shipped-conf.d");

    [Test]
    public void Shipped_dropin_is_refused_by_name_until_crimon_is_installed()
    {
        var error = Assert.Throws<ConfigException>(() => new ConfigLoader(FakeTools.Standard).Load(new ConfigSources(null, false, ShippedDirectory, ConfigFlags.None)));

        Assert.That(error!.Message, Does.Contain("crio.runtime.conmon = \"/usr/local/libexec/criengine/crimon\": no executable file at this path"));
    }

    [Test]
    public void Shipped_dropin_loads_selects_crimon_and_adds_debians_cni_plugin_directory()
    {
        // As on a node where make install has put crimon in place.
        var loaded = new ConfigLoader(FakeTools.With("/usr/local/libexec/criengine/crimon")).Load(new ConfigSources(null, false, ShippedDirectory, ConfigFlags.None));

        Assert.That(loaded.Files, Is.Not.Empty);
        Assert.That(loaded.Warnings, Is.Empty);
        Assert.That(loaded.Config.Runtime.Conmon, Is.EqualTo("/usr/local/libexec/criengine/crimon"));
        Assert.That(loaded.Config.Network.PluginDirs, Is.EqualTo(new[] { "/opt/cni/bin/", "/usr/lib/cni/" }));
    }
}
