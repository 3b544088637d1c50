namespace CriEngine.Images.Policy;

/// <summary>A sigstore signature as stored beside an image: the payload blob and the signature annotation of its layer.</summary>
internal sealed record SigstoreSignature(byte[] Payload, string? Signature);
