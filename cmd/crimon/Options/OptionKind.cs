namespace CriEngine.Crimon.Options;

/// <summary>What an option takes, as GLib's GOptionArg: nothing, a string, a repeatable string, a 32- or 64-bit integer.</summary>
internal enum OptionKind
{
    Flag,
    Text,
    TextList,
    Int32,
    Int64,
}
