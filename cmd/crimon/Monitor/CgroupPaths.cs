namespace CriEngine.Crimon.Monitor;

/// <summary>Reads <c>/proc/PID/cgroup</c> and <c>memory.events</c>, as conmon does to watch a container's memory cgroup.</summary>
internal static class CgroupPaths
{
    /// <summary>
    /// The directory of the cgroup a process is in: for v2 the one unified hierarchy
    /// (<c>0::/path</c>), for v1 the hierarchy that has <paramref name="controller"/>. Null when absent.
    /// </summary>
    public static string? Find(string procCgroupText, bool unified, string controller, string root = "/sys/fs/cgroup")
    {
        foreach (var line in procCgroupText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
                continue;
            if (unified)
            {
                if (parts[0] == "0" && parts[1].Length == 0)
                    return root + parts[2];
                continue;
            }
            foreach (var name in parts[1].Split(','))
            {
                if (name == controller)
                    return $"{root}/{name}{parts[2]}";
            }
        }
        return null;
    }

    /// <summary>The <c>oom_kill</c> counter of a v2 <c>memory.events</c> file, or null when it has none.</summary>
    public static long? OomKills(string memoryEventsText)
    {
        foreach (var line in memoryEventsText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 2 && fields[0] == "oom_kill" && long.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var count))
                return count;
        }
        return null;
    }
}
