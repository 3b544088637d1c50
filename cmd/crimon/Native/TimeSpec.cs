using System.Runtime.InteropServices;

namespace CriEngine.Crimon.Native;

/// <summary>struct timespec.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TimeSpec
{
    public long Seconds;
    public long Nanoseconds;
}
