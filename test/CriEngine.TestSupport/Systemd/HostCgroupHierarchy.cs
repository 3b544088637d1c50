namespace CriEngine.TestSupport.Systemd;

/// <summary>
/// One cgroup hierarchy mounted under /sys/fs/cgroup on the host, with the options that mount
/// the same hierarchy again (its controllers and <c>name=</c>), as the harness reads them from
/// /proc/self/mountinfo.
/// </summary>
/// <param name="Type"><c>cgroup</c> (v1) or <c>cgroup2</c>.</param>
/// <param name="MountPoint">e.g. <c>/sys/fs/cgroup/memory</c>.</param>
/// <param name="Options">e.g. <c>memory</c>, <c>none,name=systemd</c>; <c>-</c> for cgroup2.</param>
public sealed record HostCgroupHierarchy(string Type, string MountPoint, string Options)
{
    /// <summary>The directory name under /sys/fs/cgroup (<c>memory</c>, <c>unified</c>); empty for a cgroup2-only host.</summary>
    public string Name => MountPoint == "/sys/fs/cgroup" ? "" : MountPoint["/sys/fs/cgroup/".Length..];

    public static IReadOnlyList<HostCgroupHierarchy> ReadAll()
    {
        var controllers = File.ReadLines("/proc/cgroups").Skip(1)
            .Select(line => line.Split('\t', ' ')[0]).Where(name => name.Length > 0).ToHashSet();
        var hierarchies = new List<HostCgroupHierarchy>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            var (mountPoint, fsType, superOptions) = (fields[4], fields[separator + 1], fields[separator + 3]);
            if (fsType == "cgroup2" && (mountPoint == "/sys/fs/cgroup" || mountPoint.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal)))
            {
                hierarchies.Add(new HostCgroupHierarchy("cgroup2", mountPoint, "-"));
            }
            else if (fsType == "cgroup" && mountPoint.StartsWith("/sys/fs/cgroup/", StringComparison.Ordinal))
            {
                var options = superOptions.Split(',');
                var kept = options.Where(option => controllers.Contains(option) || option.StartsWith("name=", StringComparison.Ordinal)).ToList();
                if (!kept.Any(controllers.Contains) && kept.Count > 0)
                    kept.Insert(0, "none");
                hierarchies.Add(new HostCgroupHierarchy("cgroup", mountPoint, string.Join(',', kept)));
            }
        }
        return hierarchies;
    }

    /// <summary>The line the inner stages read from the state directory's <c>hierarchies</c> file.</summary>
    public override string ToString() => $"{Type} {MountPoint} {Options}";
}
