namespace CriEngine.Images.Registries;

/// <summary>
/// A registry to talk to: <c>host[:port]</c>, and whether it is insecure (containers-registries.conf:
/// plain HTTP and TLS without certificate checks allowed).
/// </summary>
public sealed record RegistryEndpoint(string Host, bool Insecure);
