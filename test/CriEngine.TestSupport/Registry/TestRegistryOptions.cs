namespace CriEngine.TestSupport.Registry;

/// <summary>How a <see cref="TestRegistry"/> serves: plain HTTP with no auth unless told.</summary>
public sealed record TestRegistryOptions
{
    /// <summary>HTTPS with a certificate for 127.0.0.1 and localhost from the registry's <see cref="TestRegistry.Ca"/>.</summary>
    public bool Tls { get; init; }

    /// <summary>HTTPS that demands a client certificate issued by the registry's CA (<see cref="TestRegistry.ClientCertificate"/>). Implies <see cref="Tls"/>.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>htpasswd auth with these credentials.</summary>
    public TestCredentials? BasicAuth { get; init; }

    /// <summary>Token auth through a <see cref="TokenServer"/> started with the registry.</summary>
    public TokenServerOptions? TokenAuth { get; init; }
}
