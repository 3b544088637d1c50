using System.Security.Cryptography.X509Certificates;

namespace CriEngine.TestSupport.Registry;

/// <summary>A certificate issued by a <see cref="TestCertificateAuthority"/>, with its private key, and both as PEM files.</summary>
public sealed record TestCertificate(X509Certificate2 Certificate, string CertificatePath, string KeyPath);
