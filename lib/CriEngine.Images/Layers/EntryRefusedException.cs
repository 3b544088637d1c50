namespace CriEngine.Images.Layers;

/// <summary>A tar entry that must not be applied, with the reason; the unpacker names the entry and reports InvalidArgument.</summary>
internal sealed class EntryRefusedException(string reason) : Exception(reason);
