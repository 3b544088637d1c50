namespace CriEngine.Crimon.Options;

/// <summary>A command line conmon would refuse, with GLib's words for why.</summary>
internal sealed class OptionParseException(string message) : Exception(message);
