using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>A layer as a pushed manifest lists it, with the diff ID its config gives.</summary>
public sealed record PushedLayer(Digest Digest, Digest DiffId, long Size, string MediaType);
