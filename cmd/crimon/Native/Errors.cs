using System.Runtime.InteropServices;

namespace CriEngine.Crimon.Native;

/// <summary>errno as words, the way conmon's %m prints it.</summary>
internal static class Errors
{
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
