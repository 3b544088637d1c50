using System.Runtime.InteropServices;

namespace CriEngine.Platform.Native;

/// <summary>fcntl(2) on the close-on-exec flag: the one way a descriptor reaches a child .NET starts.</summary>
internal static partial class DescriptorFlags
{
    private const int SetDescriptorFlags = 2;

    /// <summary>Lets children started from now on inherit <paramref name="descriptor"/>, under its own number.</summary>
    public static void ClearCloseOnExec(int descriptor)
    {
        if (Fcntl(descriptor, SetDescriptorFlags, 0) != 0)
            throw new IOException($"fcntl F_SETFD on descriptor {descriptor}: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);
}
