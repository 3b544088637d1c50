using Microsoft.Win32.SafeHandles;

namespace CriEngine.Images.Native;

/// <summary>A ZSTD_DStream, freed with ZSTD_freeDStream.</summary>
internal sealed class ZstdDecompressionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public ZstdDecompressionHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        Zstd.FreeDStream(handle);
        return true;
    }
}
