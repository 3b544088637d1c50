using CriEngine.Network.Cni;

namespace CriEngine.Network.Tests.Cni;

public sealed class CniResultTests
{
    [Test]
    public void Spec_1_0_result_gives_every_address_in_order_without_prefix()
    {
        const string result = """
            {"cniVersion":"1.0.0","interfaces":[{"name":"eth0"}],
             "ips":[{"address":"10.86.0.5/16","gateway":"10.86.0.1","interface":0},{"address":"fd00::5/64"}]}
            """;

        Assert.That(CniResult.Addresses(result), Is.EqualTo(new[] { "10.86.0.5", "fd00::5" }));
    }

    [Test]
    public void Spec_0_2_result_gives_ip4_then_ip6()
    {
        Assert.That(CniResult.Addresses("""{"ip4":{"ip":"10.1.2.3/24"},"ip6":{"ip":"fe80::1/64"}}"""), Is.EqualTo(new[] { "10.1.2.3", "fe80::1" }));
    }

    [TestCase("")]
    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("""{"ips":[{"gateway":"10.0.0.1"},{"address":7}]}""")]
    public void Result_without_addresses_gives_none(string result)
    {
        Assert.That(CniResult.Addresses(result), Is.Empty);
    }
}
