using System.Runtime.InteropServices;

namespace CriEngine.Network.Native;

/// <summary>A failed libc call, naming the call and the cause (strerror), with the errno kept for callers that tolerate some.</summary>
internal sealed class NativeCallException(string call, int errno) : Exception($"{call}: {Marshal.GetPInvokeErrorMessage(errno)}")
{
    public const int NoSuchFile = 2;

    public int Errno { get; } = errno;

    /// <summary>The exception for the call that just failed, from the errno it left.</summary>
    public static NativeCallException Last(string call) => new(call, Marshal.GetLastPInvokeError());
}
