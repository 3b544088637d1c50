using System.Runtime.InteropServices;

namespace CriEngine.Streaming.Native;

/// <summary>
/// zlib's <c>z_stream</c>. zlib keeps a pointer back to it in its internal state and checks
/// it on every call, so it lives in native memory that never moves (see <see cref="ZStreamHandle"/>).
/// <c>uLong</c> is pointer-sized on the LP64 Linux ABI, hence <see cref="nuint"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ZStream
{
    public byte* NextIn;
    public uint AvailIn;
    public nuint TotalIn;
    public byte* NextOut;
    public uint AvailOut;
    public nuint TotalOut;
    public byte* Message;
    public void* State;
    public void* Allocate;
    public void* Free;
    public void* Opaque;
    public int DataType;
    public nuint Adler;
    public nuint Reserved;
}
