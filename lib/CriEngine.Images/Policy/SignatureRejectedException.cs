namespace CriEngine.Images.Policy;

/// <summary>One signature did not verify; the message says why (no trusted key, bad signature, other image, other identity).</summary>
internal sealed class SignatureRejectedException(string message) : Exception(message);
