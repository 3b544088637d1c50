using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CriEngine.Platform;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// The metrics endpoint's certificate: when <c>metrics_cert</c> and <c>metrics_key</c> name files
/// that do not exist yet, a self-signed pair for localhost is made there first, as CRI-O does.
/// </summary>
internal static class SelfSignedCertificate
{
    public static async Task<X509Certificate2> LoadOrCreateAsync(string certificateFile, string keyFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
            foreach (var directory in new[] { Path.GetDirectoryName(certificateFile), Path.GetDirectoryName(keyFile) })
                Directory.CreateDirectory(directory!);
            await AtomicFile.WriteAsync(keyFile, key.ExportPkcs8PrivateKeyPem(), cancellationToken).ConfigureAwait(false);
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await AtomicFile.WriteAsync(certificateFile, certificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
        }
        return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
    }
}
