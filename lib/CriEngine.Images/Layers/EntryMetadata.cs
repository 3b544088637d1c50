using System.Formats.Tar;
using CriEngine.Images.Native;

namespace CriEngine.Images.Layers;

/// <summary>
/// A tar entry's owner, mode and extended attributes, applied to what was created for it. The
/// order matters: owner before mode, since chown clears setuid and setgid; xattrs after
/// chown, which clears security.capability.
/// </summary>
internal static class EntryMetadata
{
    private const string OverlayXattrPrefix = "trusted.overlay.";

    /// <summary>Applies all but the times; the mode is skipped for symbolic links, which have none of their own.</summary>
    public static void Apply(string path, FileKind kind, TarEntry entry, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs) =>
        Apply(path, kind, entry.Uid, entry.Gid, entry.Mode, xattrs);

    /// <summary>The same for a file copied from another tree (the vfs driver's copies of layers).</summary>
    public static void Apply(string path, FileKind kind, int uid, int gid, UnixFileMode mode, IReadOnlyList<KeyValuePair<string, byte[]>> xattrs)
    {
        Ownership.Set(path, uid, gid);
        if (kind != FileKind.SymbolicLink)
            File.SetUnixFileMode(path, mode);
        foreach (var (name, value) in xattrs)
            SetXattr(path, name, value);
    }

    /// <summary>The entry's modification time as seconds and nanoseconds since the epoch.</summary>
    public static (long Seconds, long Nanoseconds) ModificationTime(TarEntry entry)
    {
        var ticks = entry.ModificationTime.UtcTicks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return (seconds, remainder * TimeSpan.NanosecondsPerTick);
    }

    private static void SetXattr(string path, string name, byte[] value)
    {
        // overlayfs's own attributes could redirect or hide what the layer does not own; a
        // layer says what it hides with whiteout entries instead.
        if (name.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal))
            return;
        try
        {
            ExtendedAttributes.Set(path, name, value);
        }
        catch (NativeCallException e) when (e.Errno is NativeCallException.NotSupported or NativeCallException.NotPermitted)
        {
            // As containerd and Docker do: a file system without that namespace (or user.* on
            // a symbolic link) loses the attribute rather than the whole image.
        }
    }
}
