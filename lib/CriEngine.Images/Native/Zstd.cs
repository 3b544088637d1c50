using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>
/// The streaming decompression API of Debian's libzstd.so.1 (package libzstd1): .NET has no
/// zstd decoder. Loading the library fails with <see cref="DllNotFoundException"/> at the
/// first call when it is not installed.
/// </summary>
internal static partial class Zstd
{
    private const string Library = "libzstd.so.1";

    /// <summary>ZSTD_inBuffer: what the decoder reads, and how far it got.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct InBuffer
    {
        public byte* Source;
        public nuint Size;
        public nuint Position;
    }

    /// <summary>ZSTD_outBuffer: where the decoder writes, and how far it got.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct OutBuffer
    {
        public byte* Destination;
        public nuint Size;
        public nuint Position;
    }

    public static ZstdDecompressionHandle CreateStream()
    {
        var handle = CreateDStream();
        if (handle.IsInvalid)
            throw new OutOfMemoryException("ZSTD_createDStream failed");
        Check(InitDStream(handle));
        return handle;
    }

    /// <summary>
    /// Decodes what it can from <paramref name="input"/> into <paramref name="output"/>; returns 0
    /// when a frame is complete and flushed, more while a frame is under way.
    /// </summary>
    public static unsafe nuint Decompress(ZstdDecompressionHandle handle, ref OutBuffer output, ref InBuffer input)
    {
        fixed (OutBuffer* outPointer = &output)
        fixed (InBuffer* inPointer = &input)
            return Check(DecompressStream(handle, outPointer, inPointer));
    }

    /// <summary>The input size the library recommends: one compressed block.</summary>
    public static int RecommendedInputSize() => (int)DStreamInSize();

    private static nuint Check(nuint result) =>
        IsError(result) != 0 ? throw new InvalidDataException($"zstd: {Marshal.PtrToStringUTF8(GetErrorName(result))}") : result;

    [LibraryImport(Library, EntryPoint = "ZSTD_createDStream")]
    private static partial ZstdDecompressionHandle CreateDStream();

    [LibraryImport(Library, EntryPoint = "ZSTD_freeDStream")]
    internal static partial nuint FreeDStream(nint stream);

    [LibraryImport(Library, EntryPoint = "ZSTD_initDStream")]
    private static partial nuint InitDStream(ZstdDecompressionHandle stream);

    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")]
    private static unsafe partial nuint DecompressStream(ZstdDecompressionHandle stream, OutBuffer* output, InBuffer* input);

    [LibraryImport(Library, EntryPoint = "ZSTD_DStreamInSize")]
    private static partial nuint DStreamInSize();

    [LibraryImport(Library, EntryPoint = "ZSTD_isError")]
    private static partial uint IsError(nuint code);

    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")]
    private static partial nint GetErrorName(nuint code);
}
