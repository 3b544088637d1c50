namespace CriEngine.TestSupport.Registry;

/// <summary>How a test layer's tar is compressed into its blob.</summary>
public enum TestLayerCompression
{
    Gzip,
    Zstd,
    None,
}
