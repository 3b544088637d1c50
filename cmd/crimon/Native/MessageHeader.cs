using System.Runtime.InteropServices;

namespace CriEngine.Crimon.Native;

/// <summary>struct msghdr, for receiving the terminal's descriptor over the console socket.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MessageHeader
{
    public void* Name;
    public uint NameLength;
    public IoVector* Vectors;
    public nuint VectorCount;
    public void* Control;
    public nuint ControlLength;
    public int Flags;
}
