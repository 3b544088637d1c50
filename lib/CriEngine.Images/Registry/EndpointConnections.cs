using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CriEngine.Images.Registries;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Registry;

/// <summary>
/// The connection pool and TLS settings for one registry endpoint. A secure endpoint trusts the
/// system's CAs and those of its certs.d directory; an insecure one checks no certificate. Both
/// present the certs.d client certificates. Redirects and token requests made for the endpoint go
/// through the same pool, with the same TLS settings, as containers/image does.
/// </summary>
internal sealed class EndpointConnections : IDisposable
{
    private readonly RegistryEndpoint endpoint;
    private readonly RegistryTlsFiles tls;
    private readonly string certsDirectory;
    private readonly ILogger logger;
    private readonly SocketsHttpHandler handler;
    private volatile string? lastCertificateRefusal;

    public EndpointConnections(RegistryEndpoint endpoint, string certsDirectory, string tlsFingerprint, ILogger logger)
    {
        this.endpoint = endpoint;
        this.certsDirectory = certsDirectory;
        this.logger = logger;
        TlsFingerprint = tlsFingerprint;
        tls = RegistryTlsFiles.Read(certsDirectory);
        handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = Validate,
                ClientCertificates = tls.ClientCertificates,
            },
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>The state of the certs.d directory these settings were made from.</summary>
    public string TlsFingerprint { get; }

    /// <summary>Why the last certificate was refused, for the error the caller sees.</summary>
    public string? LastCertificateRefusal => lastCertificateRefusal;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (endpoint.Insecure || errors == SslPolicyErrors.None)
            return true;
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && ChainsToCertsDirectory(certificate, chain))
            return true;
        var reason = Describe(errors, chain);
        lastCertificateRefusal = reason;
        logger.CertificateRefused(endpoint.Host, reason);
        return false;
    }

    private bool ChainsToCertsDirectory(X509Certificate certificate, X509Chain? presented)
    {
        if (tls.Authorities.Count == 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "the registry sent no certificate";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return $"the certificate is not for {endpoint.Host}";
        var statuses = chain?.ChainStatus.Select(status => status.Status.ToString()).Distinct() ?? [];
        return $"the certificate is not signed by a trusted CA ({string.Join(", ", statuses)}): "
            + $"put the registry's CA in {Path.Combine(certsDirectory, "ca.crt")}, or mark the registry insecure";
    }

    public void Dispose() => Invoker.Dispose();
}
