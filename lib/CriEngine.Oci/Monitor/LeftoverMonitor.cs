namespace CriEngine.Oci.Monitor;

/// <summary>
/// A monitor that outlived the record of its container (its daemon died between starting it and
/// recording it, or while removing it): found through its pid file in the bundle and ended.
/// </summary>
public static class LeftoverMonitor
{
    /// <summary>
    /// Kills the monitor whose pid file is in <paramref name="bundleDirectory"/>; false when there
    /// is none. The process must name that bundle on its command line (conmon's <c>-b</c>), so a
    /// pid reused by another process is never signalled.
    /// </summary>
    public static bool Kill(string bundleDirectory)
    {
        if (!int.TryParse(ReadOrEmpty(MonitorPaths.MonitorPidFile(bundleDirectory)).Trim(), out var pid) || pid <= 1)
            return false;
        var arguments = ReadOrEmpty($"/proc/{pid}/cmdline").Split('\0');
        if (!arguments.Contains(bundleDirectory, StringComparer.Ordinal))
            return false;
        return Native.Signals.Send(pid, Native.Signals.Kill);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "";
        }
    }
}
