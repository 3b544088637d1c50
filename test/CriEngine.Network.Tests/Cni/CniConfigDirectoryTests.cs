using CriEngine.Network.Cni;
using CriEngine.TestSupport;

namespace CriEngine.Network.Tests.Cni;

public sealed class CniConfigDirectoryTests
{
    private const string Bridge = """{"cniVersion":"1.0.0","name":"crio","plugins":[{"type":"bridge"},{"type":"portmap"}]}""";

    private TempDirectory _dir = null!;

    [SetUp]
    public void Create() => _dir = new TempDirectory();

    [TearDown]
    public void Remove() => _dir.Dispose();

    [Test]
    public void Missing_directory_is_not_ready_and_names_the_directory()
    {
        var status = CniConfigDirectory.Scan(_dir.Combine("absent"), "");

        Assert.That(status.Ready, Is.False);
        Assert.That(status.Message, Does.Contain(_dir.Combine("absent")));
    }

    [Test]
    public void Empty_directory_is_not_ready()
    {
        Assert.That(CniConfigDirectory.Scan(_dir.Path, "").Ready, Is.False);
    }

    [Test]
    public void Valid_conflist_makes_the_network_ready()
    {
        File.WriteAllText(_dir.Combine("10-crio.conflist"), Bridge);

        var status = CniConfigDirectory.Scan(_dir.Path, "");

        Assert.That(status.Ready, Is.True);
        Assert.That(status.Network?.Name, Is.EqualTo("crio"));
    }

    [Test]
    public void Single_plugin_conf_counts_as_a_network()
    {
        File.WriteAllText(_dir.Combine("99-loopback.conf"), """{"cniVersion":"0.4.0","name":"lo","type":"loopback"}""");

        Assert.That(CniConfigDirectory.Scan(_dir.Path, "").Network?.Name, Is.EqualTo("lo"));
    }

    [Test]
    public void First_valid_file_in_lexical_order_wins()
    {
        File.WriteAllText(_dir.Combine("20-b.conflist"), Bridge.Replace("crio", "b"));
        File.WriteAllText(_dir.Combine("10-a.conflist"), Bridge.Replace("crio", "a"));

        Assert.That(CniConfigDirectory.Scan(_dir.Path, "").Network?.Name, Is.EqualTo("a"));
    }

    [Test]
    public void Default_network_is_chosen_by_name()
    {
        File.WriteAllText(_dir.Combine("10-a.conflist"), Bridge.Replace("crio", "a"));
        File.WriteAllText(_dir.Combine("20-b.conflist"), Bridge.Replace("crio", "b"));

        Assert.That(CniConfigDirectory.Scan(_dir.Path, "b").Network?.Name, Is.EqualTo("b"));
        Assert.That(CniConfigDirectory.Scan(_dir.Path, "c").Message, Does.Contain("default CNI network c not found"));
    }

    [TestCase("{not json", "invalid JSON")]
    [TestCase("""{"cniVersion":"1.0.0","plugins":[{"type":"bridge"}]}""", "no network name")]
    [TestCase("""{"cniVersion":"1.0.0","name":"x","plugins":[]}""", "no plugins")]
    [TestCase("""{"cniVersion":"1.0.0","name":"x","plugins":[{"bridge":1}]}""", "without a type")]
    public void Invalid_files_are_skipped_and_named(string content, string reason)
    {
        File.WriteAllText(_dir.Combine("10-bad.conflist"), content);

        var status = CniConfigDirectory.Scan(_dir.Path, "");

        Assert.That(status.Ready, Is.False);
        Assert.That(status.Message, Does.Contain("10-bad.conflist").And.Contain(reason));
    }

    [Test]
    public void Files_with_other_extensions_are_ignored()
    {
        File.WriteAllText(_dir.Combine("10-crio.conflist.bak"), Bridge);

        Assert.That(CniConfigDirectory.Scan(_dir.Path, "").Ready, Is.False);
    }
}
