namespace CriEngine.Images.Layers;

/// <summary>What unpacking a layer did: the tar entries applied and the bytes of file content written.</summary>
public sealed record LayerUnpackStats(long Entries, long BytesWritten);
