namespace CriEngine.Images.Store;

/// <summary>An unpacked layer, shared by every image whose layer chain reaches it.</summary>
/// <param name="ChainId">Hex of the chain ID (OCI image spec: the layer's diff ID over its parents').</param>
/// <param name="DiffId">The digest of the uncompressed layer tar.</param>
/// <param name="CompressedDigest">The digest of the blob it was unpacked from.</param>
/// <param name="Size">Bytes of file content written.</param>
/// <param name="Entries">Tar entries: close to the inodes the layer uses.</param>
public sealed record LayerRecord(string ChainId, string DiffId, string CompressedDigest, long Size, long Entries);
