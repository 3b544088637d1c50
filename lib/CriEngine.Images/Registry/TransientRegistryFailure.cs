namespace CriEngine.Images.Registry;

/// <summary>
/// A failure worth another attempt: a 5xx or 429 answer, a dropped connection, a timeout. The retry
/// loop turns the last one into Unavailable; its message is the cause as the error will show it.
/// </summary>
internal sealed class TransientRegistryFailure(string message, Exception? inner = null) : Exception(message, inner);
