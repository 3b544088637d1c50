using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// A certificate authority for tests: an ECDSA P-256 root that issues server, client and
/// token-signing certificates, each written as PEM files (certificate, PKCS#8 key) into the
/// authority's directory. Nothing is added to the machine's trust store.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(30);

    private readonly X509Certificate2 _certificate;

    private TestCertificateAuthority(string directory, X509Certificate2 certificate, string certificatePath)
    {
        Directory = directory;
        _certificate = certificate;
        CertificatePath = certificatePath;
    }

    /// <summary>The directory the PEM files are written to.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate (with its private key).</summary>
    public X509Certificate2 Certificate => _certificate;

    /// <summary>The CA certificate as a PEM file: a <c>ca.crt</c> for certs.d, a <c>rootcertbundle</c> for the registry.</summary>
    public string CertificatePath { get; }

    /// <summary>Makes a new CA whose files go to <paramref name="directory"/> (created if missing).</summary>
    public static TestCertificateAuthority Create(string directory, string name = "CriEngine Test CA")
    {
        System.IO.Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now + Validity);
        var path = Path.Combine(directory, "ca.crt");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
        return new TestCertificateAuthority(directory, certificate, path);
    }

    /// <summary>A TLS server certificate for 127.0.0.1, ::1 and localhost.</summary>
    public TestCertificate IssueServerCertificate(string name) =>
        IssueServerCertificate(name, ["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);

    /// <summary>A TLS server certificate whose subject alternative names are <paramref name="dnsNames"/> and <paramref name="ipAddresses"/>.</summary>
    public TestCertificate IssueServerCertificate(string name, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> ipAddresses)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
            names.AddDnsName(dnsName);
        foreach (var address in ipAddresses)
            names.AddIpAddress(address);
        return Issue(name, X509KeyUsageFlags.DigitalSignature, "1.3.6.1.5.5.7.3.1", names.Build());
    }

    /// <summary>A TLS client certificate (for a registry that demands one: certs.d <c>client.cert</c>/<c>client.key</c>).</summary>
    public TestCertificate IssueClientCertificate(string name) =>
        Issue(name, X509KeyUsageFlags.DigitalSignature, "1.3.6.1.5.5.7.3.2", null);

    /// <summary>A certificate for signing registry tokens (the <c>x5c</c> of a token's header).</summary>
    public TestCertificate IssueSigningCertificate(string name) =>
        Issue(name, X509KeyUsageFlags.DigitalSignature, null, null);

    /// <summary>
    /// Lays out <paramref name="certsDirectory"/>/<paramref name="host"/>/ the way containers/image
    /// reads it (<c>/etc/containers/certs.d/HOST:PORT/</c>): <c>ca.crt</c>, and with a client
    /// certificate <c>client.cert</c> and <c>client.key</c>. Returns the host's directory.
    /// </summary>
    public string WriteCertsDirectory(string certsDirectory, string host, TestCertificate? clientCertificate = null)
    {
        var hostDirectory = Path.Combine(certsDirectory, host);
        System.IO.Directory.CreateDirectory(hostDirectory);
        File.Copy(CertificatePath, Path.Combine(hostDirectory, "ca.crt"), overwrite: true);
        if (clientCertificate is not null)
        {
            File.Copy(clientCertificate.CertificatePath, Path.Combine(hostDirectory, "client.cert"), overwrite: true);
            File.Copy(clientCertificate.KeyPath, Path.Combine(hostDirectory, "client.key"), overwrite: true);
        }
        return hostDirectory;
    }

    /// <summary>An HTTP handler that trusts this CA only (and presents <paramref name="clientCertificate"/> when asked).</summary>
    public SocketsHttpHandler CreateHttpHandler(TestCertificate? clientCertificate = null)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(_certificate);
        var tls = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        if (clientCertificate is not null)
            tls.ClientCertificates = [clientCertificate.Certificate];
        return new SocketsHttpHandler
        {
            SslOptions = tls,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        };
    }

    public void Dispose() => _certificate.Dispose();

    private TestCertificate Issue(string name, X509KeyUsageFlags usage, string? extendedUsage, X509Extension? alternativeNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        if (extendedUsage is not null)
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], false));
        if (alternativeNames is not null)
            request.CertificateExtensions.Add(alternativeNames);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f; // a positive serial: Go refuses negative ones
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_certificate, now.AddHours(-1), now + Validity - TimeSpan.FromDays(1), serial);
        var certificate = issued.CopyWithPrivateKey(key);

        var certificatePath = Path.Combine(Directory, name + ".crt");
        var keyPath = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new TestCertificate(certificate, certificatePath, keyPath);
    }
}
