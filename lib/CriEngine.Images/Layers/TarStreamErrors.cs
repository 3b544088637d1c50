namespace CriEngine.Images.Layers;

/// <summary>Which exceptions from reading a layer's tar mean the data is bad, rather than the source failing.</summary>
internal static class TarStreamErrors
{
    /// <summary>Corrupt compressed data, or a stream that ends early.</summary>
    public static bool IsCorruptData(Exception e) => e is InvalidDataException or EndOfStreamException;

    /// <summary>What TarReader throws for a header it cannot read.</summary>
    public static bool IsCorruptHeader(Exception e) =>
        IsCorruptData(e) || e is FormatException or ArgumentException or OverflowException
        || (e is InvalidOperationException && e is not ObjectDisposedException);
}
