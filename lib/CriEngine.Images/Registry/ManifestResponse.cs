using CriEngine.Images.References;

namespace CriEngine.Images.Registry;

/// <summary>A manifest as the registry served it, with its verified digest.</summary>
/// <param name="MediaType">The Content-Type the registry sent, without parameters ("" if none).</param>
public sealed record ManifestResponse(byte[] Content, string MediaType, Digest Digest);
