using System.Text;

namespace CriEngine.Cgroups;

/// <summary>A cgroup or cgroup2 line of <c>/proc/self/mountinfo</c>: mount point, file system type, super options.</summary>
internal sealed record CgroupMount(string MountPoint, string FileSystemType, IReadOnlyList<string> SuperOptions)
{
    public const string V1Type = "cgroup";
    public const string V2Type = "cgroup2";

    /// <summary>
    /// The cgroup mounts of a mountinfo text (proc(5)): "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS
    /// [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS". Other file systems are skipped.
    /// </summary>
    public static IEnumerable<CgroupMount> Parse(string mountInfo)
    {
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 10 || separator < 0 || separator + 3 >= fields.Length)
                continue;
            var type = fields[separator + 1];
            if (type is not (V1Type or V2Type))
                continue;
            yield return new CgroupMount(Unescape(fields[4]), type, fields[separator + 3].Split(','));
        }
    }

    /// <summary>The kernel writes space, tab, newline and backslash in a mount point as octal escapes (\040 …).</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(string field, int start) =>
        start + 3 <= field.Length && field.AsSpan(start, 3).IndexOfAnyExceptInRange('0', '7') < 0;
}
