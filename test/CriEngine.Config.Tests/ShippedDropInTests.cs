namespace CriEngine.Config.Tests;

/// <summary>The drop-in in conf.d, as installed into /etc/crio/crio.conf.d.</summary>
public sealed class ShippedDropInTests
{
    private static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "shipped-conf.d");

    [Test]
    public void Shipped_dropin_loads_and_adds_debians_cni_plugin_directory()
    {
        var loaded = new ConfigLoader(FakeTools.Standard).Load(new ConfigSources(null, false, ShippedDirectory, ConfigFlags.None));

        Assert.That(loaded.Files, Is.Not.Empty);
        Assert.That(loaded.Warnings, Is.Empty);
        Assert.That(loaded.Config.Network.PluginDirs, Is.EqualTo(new[] { "/opt/cni/bin/", "/usr/lib/cni/" }));
    }
}
