using System.Globalization;

namespace CriEngine.Server.Metrics;

/// <summary>A process's soft resource limits, from /proc/&lt;pid&gt;/limits, as cAdvisor's container_ulimits_soft reports them.</summary>
public static class SoftLimits
{
    /// <summary>The soft limit of open files ("max_open_files") of <paramref name="pid"/>; null when it is gone or unlimited.</summary>
    public static async Task<ulong?> OpenFilesAsync(int pid, CancellationToken cancellationToken, string procRoot = "/proc")
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "limits"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        // "Max open files            1024                 1048576              files"
        const string name = "Max open files";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        var soft = line?[name.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return ulong.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
