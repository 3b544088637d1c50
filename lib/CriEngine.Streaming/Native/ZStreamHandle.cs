using System.Runtime.InteropServices;

namespace CriEngine.Streaming.Native;

/// <summary>
/// A <see cref="ZStream"/> in native memory, initialised for deflate or inflate; releasing
/// it ends the zlib stream and frees the memory.
/// </summary>
internal sealed unsafe class ZStreamHandle : SafeHandle
{
    private readonly bool _deflate;

    private ZStreamHandle(bool deflate)
        : base(0, ownsHandle: true)
    {
        _deflate = deflate;
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)sizeof(ZStream)));
    }

    public override bool IsInvalid => handle == 0;

    public static ZStreamHandle ForDeflate() => new(deflate: true);

    public static ZStreamHandle ForInflate() => new(deflate: false);

    public ZStream* Stream => (ZStream*)handle;

    protected override bool ReleaseHandle()
    {
        // A stream whose init failed has no state; zlib's end functions then only report an error.
        if (_deflate)
            Zlib.DeflateEnd(Stream);
        else
            Zlib.InflateEnd(Stream);
        NativeMemory.Free(Stream);
        return true;
    }
}
