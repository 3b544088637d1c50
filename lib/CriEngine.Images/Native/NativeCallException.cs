using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>A failed libc call, naming the call, the path and the cause (strerror), with the errno kept for callers that tolerate some.</summary>
internal sealed class NativeCallException(string call, string path, int errno)
    : IOException($"{call} {path}: {Marshal.GetPInvokeErrorMessage(errno)}")
{
    public const int NoSuchFile = 2;
    public const int NotPermitted = 1;
    public const int NotSupported = 95;
    public const int NoData = 61;

    public int Errno { get; } = errno;

    /// <summary>The exception for the call that just failed, from the errno it left.</summary>
    public static NativeCallException Last(string call, string path) => new(call, path, Marshal.GetLastPInvokeError());
}
