using System.Runtime.InteropServices;

namespace CriEngine.Images.Native;

/// <summary>link(2), which .NET lacks. Linux links a symbolic link itself, never its target.</summary>
internal static partial class HardLink
{
    public static void Create(string existingPath, string newPath)
    {
        if (Link(existingPath, newPath) != 0)
            throw NativeCallException.Last("link", $"{newPath} -> {existingPath}");
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existingPath, string newPath);
}
