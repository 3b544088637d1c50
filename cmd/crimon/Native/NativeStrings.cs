using System.Runtime.InteropServices;
using System.Text;

namespace CriEngine.Crimon.Native;

/// <summary>
/// A NULL-terminated array of C strings in native memory, as execve takes argv and envp:
/// made before a fork so the child only reads it.
/// </summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly byte*[] _strings;

    public NativeStrings(IReadOnlyList<string> values)
    {
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
        _strings = new byte*[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(values[i]);
            var native = (byte*)NativeMemory.AllocZeroed((nuint)bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(native, bytes.Length));
            _strings[i] = native;
            Pointer[i] = native;
        }
    }

    public byte** Pointer { get; private set; }

    /// <summary>The first string (for execve, the program).</summary>
    public byte* First => Pointer[0];

    public void Dispose()
    {
        if (Pointer is null)
            return;
        foreach (var native in _strings)
            NativeMemory.Free(native);
        NativeMemory.Free(Pointer);
        Pointer = null;
    }
}
