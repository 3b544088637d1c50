namespace CriEngine.Server.Metrics;

/// <summary>What a set of processes holds open, counted in /proc as cAdvisor counts it: every descriptor, and those that are sockets.</summary>
public sealed record OpenFiles(ulong Descriptors, ulong Sockets)
{
    /// <summary>The open files of <paramref name="pids"/>; a process gone meanwhile counts nothing.</summary>
    public static OpenFiles Of(IEnumerable<int> pids, string procRoot = "/proc")
    {
        ulong descriptors = 0, sockets = 0;
        foreach (var pid in pids)
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "fd")))
                {
                    descriptors++;
                    if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                        sockets++;
                }
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or UnauthorizedAccessException)
            {
                // Exited since the cgroup was read.
            }
        }
        return new OpenFiles(descriptors, sockets);
    }
}
