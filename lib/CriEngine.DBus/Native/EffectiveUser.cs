using System.Runtime.InteropServices;

namespace CriEngine.DBus.Native;

/// <summary>geteuid(2): SASL EXTERNAL names the uid the server reads from the socket's peer credentials.</summary>
internal static partial class EffectiveUser
{
    public static uint Id => GetEffectiveUserId();

    public static bool IsRoot => Id == 0;

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
