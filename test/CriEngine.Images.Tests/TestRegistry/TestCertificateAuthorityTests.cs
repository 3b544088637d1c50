using System.Net;
using System.Security.Cryptography.X509Certificates;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Images.Tests.RegistryFixtures;

public sealed class TestCertificateAuthorityTests
{
    private TempDirectory _directory = null!;
    private TestCertificateAuthority _ca = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory("criengine-ca");
        _ca = TestCertificateAuthority.Create(_directory.Combine("ca"));
    }

    [TearDown]
    public void TearDown()
    {
        _ca.Dispose();
        _directory.Dispose();
    }

    [Test]
    public void Server_certificate_names_the_loopback_addresses_and_localhost_and_chains_to_the_ca()
    {
        var server = _ca.IssueServerCertificate("server");

        var names = server.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(names.EnumerateDnsNames(), Is.EqualTo(new[] { "localhost" }));
            Assert.That(names.EnumerateIPAddresses(), Is.EquivalentTo(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }));
            Assert.That(ChainsToCa(X509Certificate2.CreateFromPemFile(server.CertificatePath, server.KeyPath)), Is.True);
        });
    }

    [Test]
    public void Certs_directory_holds_the_ca_and_the_client_key_pair_under_the_host()
    {
        var client = _ca.IssueClientCertificate("client");

        var hostDirectory = _ca.WriteCertsDirectory(_directory.Combine("certs.d"), "127.0.0.1:5000", client);
        var loaded = X509Certificate2.CreateFromPemFile(Path.Combine(hostDirectory, "client.cert"), Path.Combine(hostDirectory, "client.key"));

        Assert.Multiple(() =>
        {
            Assert.That(hostDirectory, Is.EqualTo(_directory.Combine("certs.d", "127.0.0.1:5000")));
            Assert.That(File.ReadAllText(Path.Combine(hostDirectory, "ca.crt")), Does.StartWith("-----BEGIN CERTIFICATE-----"));
            Assert.That(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(hostDirectory, "ca.crt"))).Thumbprint, Is.EqualTo(_ca.Certificate.Thumbprint));
            Assert.That(loaded.HasPrivateKey, Is.True);
            Assert.That(ChainsToCa(loaded), Is.True);
            Assert.That(loaded.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages[0].Value, Is.EqualTo("1.3.6.1.5.5.7.3.2"));
        });
    }

    [Test]
    public void Certificate_of_another_ca_does_not_chain()
    {
        using var other = TestCertificateAuthority.Create(_directory.Combine("other"));

        Assert.That(ChainsToCa(other.IssueServerCertificate("server").Certificate), Is.False);
    }

    private bool ChainsToCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(_ca.Certificate);
        return chain.Build(certificate);
    }
}
