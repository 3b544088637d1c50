using System.Text.Json.Nodes;
using CriEngine.Network.Cni;

namespace CriEngine.Network.Tests.Cni;

public sealed class CniNetworkConfigListTests
{
    [Test]
    public void Conflist_keeps_its_plugins_in_order_and_its_own_text()
    {
        const string text = """{"cniVersion":"1.0.0","name":"pods","plugins":[{"type":"bridge"},{"type":"portmap","capabilities":{"portMappings":true}}]}""";

        var network = CniNetworkConfigList.Parse(text, isList: true);

        Assert.That(network.Name, Is.EqualTo("pods"));
        Assert.That(network.CniVersion, Is.EqualTo("1.0.0"));
        Assert.That(network.Plugins.Select(p => p["type"]!.GetValue<string>()), Is.EqualTo(new[] { "bridge", "portmap" }));
        Assert.That(network.Json, Is.EqualTo(text));
    }

    [Test]
    public void Single_plugin_conf_becomes_a_list_of_one_that_parses_again()
    {
        var network = CniNetworkConfigList.Parse("""{"cniVersion":"0.4.0","name":"lo","type":"loopback","extra":7}""", isList: false);

        var again = CniNetworkConfigList.Parse(network.Json, isList: true);

        Assert.That(again.Name, Is.EqualTo("lo"));
        Assert.That(again.CniVersion, Is.EqualTo("0.4.0"));
        Assert.That(again.Plugins.Single()["extra"]!.GetValue<int>(), Is.EqualTo(7));
    }

    [Test]
    public void Missing_version_means_the_oldest_spec()
    {
        Assert.That(CniNetworkConfigList.Parse("""{"name":"old","type":"bridge"}""", isList: false).CniVersion, Is.EqualTo("0.1.0"));
    }

    [TestCase("[1,2]", true, "not a JSON object")]
    [TestCase("""{"name":"x","type":"bridge"}""", true, "no plugins")]
    [TestCase("""{"name":"x","plugins":[{"type":""}]}""", true, "a plugin without a type")]
    [TestCase("""{"name":"x","plugins":[3]}""", true, "a plugin without a type")]
    [TestCase("""{"name":"x"}""", false, "no plugin type")]
    [TestCase("""{"name":"","type":"bridge"}""", false, "no network name")]
    public void Unusable_config_is_refused_with_the_reason(string text, bool isList, string reason)
    {
        var error = Assert.Throws<CniConfigException>(() => CniNetworkConfigList.Parse(text, isList));

        Assert.That(error!.Message, Does.Contain(reason));
    }

    [Test]
    public void Plugins_are_the_parsed_objects_of_the_file()
    {
        var network = CniNetworkConfigList.Parse("""{"name":"n","plugins":[{"type":"bridge","ipam":{"type":"host-local"}}]}""", isList: true);

        Assert.That(network.Plugins[0]["ipam"], Is.InstanceOf<JsonObject>());
    }
}
