using System.Runtime.InteropServices;

namespace CriEngine.Streaming.Native;

/// <summary>
/// The machine's zlib (<c>libz.so.1</c>, package zlib1g): SPDY's header blocks are zlib
/// streams with a preset dictionary, which .NET's <c>ZLibStream</c> cannot use. Each method
/// works on one stream that the caller uses from one thread at a time.
/// </summary>
internal static unsafe partial class Zlib
{
    private const string Library = "libz.so.1";
    private const int Deflated = 8;
    private const int DefaultMemoryLevel = 8;
    private const int DefaultStrategy = 0;
    private const int MaxWindowBits = 15;
    private const int SyncFlush = 2;
    private const int Ok = 0;
    private const int StreamEnd = 1;
    private const int NeedDictionary = 2;
    private const int BufferError = -5;

    /// <summary>A deflate stream at <paramref name="level"/>, primed with <paramref name="dictionary"/>.</summary>
    public static ZStreamHandle CreateDeflater(int level, ReadOnlySpan<byte> dictionary)
    {
        var handle = ZStreamHandle.ForDeflate();
        Check(DeflateInit2(handle.Stream, level, Deflated, MaxWindowBits, DefaultMemoryLevel, DefaultStrategy, ZlibVersion(), sizeof(ZStream)), handle, "deflateInit2");
        fixed (byte* words = dictionary)
            Check(DeflateSetDictionary(handle.Stream, words, (uint)dictionary.Length), handle, "deflateSetDictionary");
        return handle;
    }

    public static ZStreamHandle CreateInflater()
    {
        var handle = ZStreamHandle.ForInflate();
        Check(InflateInit(handle.Stream, ZlibVersion(), sizeof(ZStream)), handle, "inflateInit");
        return handle;
    }

    /// <summary>
    /// Compresses all of <paramref name="input"/> and flushes to a byte boundary (Z_SYNC_FLUSH),
    /// so the peer can inflate it without what follows; the stream stays open for the next block.
    /// </summary>
    public static void DeflateSync(ZStreamHandle handle, ReadOnlySpan<byte> input, System.Buffers.IBufferWriter<byte> output)
    {
        var stream = handle.Stream;
        fixed (byte* source = input)
        {
            stream->NextIn = source;
            stream->AvailIn = (uint)input.Length;
            // zlib asks for another call while it fills the whole output space it was given.
            do
            {
                var space = output.GetSpan(Math.Max(64, input.Length));
                fixed (byte* target = space)
                {
                    stream->NextOut = target;
                    stream->AvailOut = (uint)space.Length;
                    var result = Deflate(stream, SyncFlush);
                    if (result != Ok && result != BufferError)
                        throw Failure(handle, "deflate", result);
                    output.Advance(space.Length - (int)stream->AvailOut);
                }
            }
            while (stream->AvailOut == 0);
            stream->NextIn = null;
        }
    }

    /// <summary>
    /// Inflates <paramref name="input"/> into <paramref name="output"/>; when the stream asks for
    /// its preset dictionary, <paramref name="dictionary"/> is given. Returns the bytes written,
    /// or -1 when the output would be larger than <paramref name="output"/>.
    /// </summary>
    public static int Inflate(ZStreamHandle handle, ReadOnlySpan<byte> input, Span<byte> output, ReadOnlySpan<byte> dictionary)
    {
        var stream = handle.Stream;
        fixed (byte* source = input)
        fixed (byte* target = output)
        fixed (byte* words = dictionary)
        {
            stream->NextIn = source;
            stream->AvailIn = (uint)input.Length;
            stream->NextOut = target;
            stream->AvailOut = (uint)output.Length;
            while (true)
            {
                var result = InflateRaw(stream, SyncFlush);
                if (result == NeedDictionary)
                {
                    Check(InflateSetDictionary(stream, words, (uint)dictionary.Length), handle, "inflateSetDictionary");
                    continue;
                }
                if (result != Ok && result != StreamEnd && result != BufferError)
                    throw Failure(handle, "inflate", result);
                // A full output may hide more to come: the caller's limit is exceeded either way.
                if (stream->AvailOut == 0)
                    return -1;
                if (stream->AvailIn == 0)
                    break;
                if (result != Ok)
                    throw new InvalidDataException("zlib inflate: the stream ended inside a header block");
            }
            var written = output.Length - (int)stream->AvailOut;
            stream->NextIn = null;
            stream->NextOut = null;
            return written;
        }
    }

    private static void Check(int result, ZStreamHandle handle, string function)
    {
        if (result != Ok)
            throw Failure(handle, function, result);
    }

    private static InvalidDataException Failure(ZStreamHandle handle, string function, int result)
    {
        var message = handle.Stream->Message == null ? null : Marshal.PtrToStringUTF8((nint)handle.Stream->Message);
        return new InvalidDataException($"zlib {function} failed ({result}){(message is null ? "" : ": " + message)}");
    }

    [LibraryImport(Library, EntryPoint = "zlibVersion")]
    private static partial byte* ZlibVersion();

    [LibraryImport(Library, EntryPoint = "deflateInit2_")]
    private static partial int DeflateInit2(ZStream* stream, int level, int method, int windowBits, int memoryLevel, int strategy, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "deflateSetDictionary")]
    private static partial int DeflateSetDictionary(ZStream* stream, byte* dictionary, uint length);

    [LibraryImport(Library, EntryPoint = "deflate")]
    private static partial int Deflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "deflateEnd")]
    internal static partial int DeflateEnd(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "inflateInit_")]
    private static partial int InflateInit(ZStream* stream, byte* version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflateSetDictionary")]
    private static partial int InflateSetDictionary(ZStream* stream, byte* dictionary, uint length);

    [LibraryImport(Library, EntryPoint = "inflate")]
    private static partial int InflateRaw(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    internal static partial int InflateEnd(ZStream* stream);
}
