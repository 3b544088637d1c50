namespace CriEngine.Images.Rootfs;

/// <summary>Reads the kernel's mount table of this process's mount namespace.</summary>
internal static class MountTable
{
    public static bool IsMountPoint(string path)
    {
        var full = Path.GetFullPath(path);
        return MountPoints().Any(mountPoint => mountPoint == full);
    }

    /// <summary>The mount points at or beneath <paramref name="directory"/>, deepest first, so that each can be unmounted in turn.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return MountPoints()
            .Where(mountPoint => mountPoint == full || mountPoint.StartsWith(full + "/", StringComparison.Ordinal))
            .OrderByDescending(mountPoint => mountPoint.Length)
            .ToList();
    }

    private static IEnumerable<string> MountPoints()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // Field 5 is the mount point, with spaces and the like octal-escaped.
            var fields = line.Split(' ');
            if (fields.Length > 4)
                yield return Unescape(fields[4]);
        }
    }

    private static string Unescape(string field) =>
        field.Contains('\\')
            ? System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString())
            : field;
}
