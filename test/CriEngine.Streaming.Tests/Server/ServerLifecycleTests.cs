using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CriEngine.Streaming.Tests.Support;
using CriEngine.TestSupport;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>Starting on a chosen or free port, TLS with client certificates, and stopping with sessions open.</summary>
public sealed class ServerLifecycleTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory("criengine-streaming");

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    [Test]
    public async Task Stopping_the_server_ends_open_sessions_and_their_processes()
    {
        var test = await TestServer.StartAsync();
        await using var _ = test;
        var url = test.Server.GetExecUrl(new ExecRequest("c1", ["sleep", "30"], false, false, true, false));
        await using var session = await SpdyExecSession.OpenAsync(url, stdin: false, stdout: true, stderr: false, tty: false);
        Assert.That(await Wait.Until(() => test.Runtime.Running == 1), Is.True);

        await test.Server.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await session.Client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(test.Runtime.Running, Is.Zero);
    }

    [Test]
    public async Task With_a_client_ca_only_clients_with_a_certificate_it_signed_get_in()
    {
        var (ca, caKey) = CreateCertificate("CN=test-ca", issuer: null, isAuthority: true);
        var (server, serverKey) = CreateCertificate("CN=127.0.0.1", (ca, caKey), isAuthority: false);
        var (client, clientKey) = CreateCertificate("CN=kubelet", (ca, caKey), isAuthority: false);
        var options = new StreamingServerOptions
        {
            TlsCertificateFile = _directory.Write("server.crt", server.ExportCertificatePem()),
            TlsKeyFile = _directory.Write("server.key", serverKey.ExportPkcs8PrivateKeyPem()),
            TlsClientCaFile = _directory.Write("ca.crt", ca.ExportCertificatePem()),
        };
        await using var test = await TestServer.StartAsync(options);
        var url = new Uri(test.Server.GetExecUrl(new ExecRequest("c1", ["echo", "over-tls"], false, false, true, false)));
        using var clientWithKey = client.CopyWithPrivateKey(clientKey);

        Assert.That(test.Server.BaseUrl.Scheme, Is.EqualTo("https"));
        Assert.ThrowsAsync(Is.InstanceOf<AuthenticationException>().Or.InstanceOf<IOException>(), () => UpgradeOverTlsAsync(url, ca, clientCertificate: null));
        Assert.That(await UpgradeOverTlsAsync(url, ca, clientWithKey), Does.StartWith("HTTP/1.1 101 "));
    }

    private static async Task<string> UpgradeOverTlsAsync(Uri url, X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        await using var connection = await RawConnection.ConnectAsync(url);
        await using var tls = new SslStream(connection.Stream);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && new X509Certificate2(certificate).Issuer == ca.Subject,
        });
        var request = $"POST {url.AbsolutePath} HTTP/1.1\r\nHost: {url.Authority}\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[1024];
        var read = await tls.ReadAsync(buffer);
        if (read == 0)
            throw new IOException("the server closed the connection");
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static (X509Certificate2 Certificate, ECDsa Key) CreateCertificate(string subject, (X509Certificate2 Certificate, ECDsa Key)? issuer, bool isAuthority)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isAuthority, false, 0, true));
        if (!isAuthority)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var now = DateTimeOffset.UtcNow;
        var certificate = issuer is { } signer
            ? request.Create(signer.Certificate, now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(8))
            : request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return (certificate, key);
    }
}
