using System.Text.RegularExpressions;
using CriEngine.Config;
using CriEngine.Platform;

namespace CriEngine.Server.Pods;

/// <summary>
/// The link-logs annotation (<c>link-logs.crio.io</c>, deprecated <c>io.kubernetes.cri-o.LinkLogs</c>):
/// its value names an emptyDir volume of the pod, over which the pod's log directory is
/// bind-mounted read-only, so the pod's containers can read their own logs; each container's
/// log is also linked there as <c>ID.log</c>, as CRI-O links it.
/// </summary>
internal static partial class LinkedLogs
{
    /// <summary>The volume the pod names, or null when it asks for no linked logs.</summary>
    public static string? VolumeOf(IReadOnlyDictionary<string, string> podAnnotations) =>
        ExperimentalAnnotations.Value(podAnnotations, ExperimentalAnnotations.LinkLogsV2, ExperimentalAnnotations.LinkLogs);

    /// <summary>Where the kubelet keeps the pod's emptyDir volume of that name.</summary>
    public static string EmptyDirPath(string kubeletRoot, string podUid, string volume) =>
        Path.Combine(kubeletRoot, "pods", podUid, "volumes", "kubernetes.io~empty-dir", volume);

    /// <summary>Mounts the log directory on the volume; the reason it could not, or null.</summary>
    public static string? Mount(string logDirectory, string emptyDir, string volume)
    {
        if (!DnsLabel().IsMatch(volume))
            return $"emptyDir volume name \"{volume}\" is not a DNS-1123 label";
        if (!Directory.Exists(emptyDir))
            return $"{emptyDir} does not exist";
        try
        {
            Mounts.Mount(logDirectory, emptyDir, null, Mounts.Bind, null);
            Mounts.Mount("", emptyDir, null, Mounts.Bind | Mounts.Remount | Mounts.ReadOnly | Mounts.NoSuid | Mounts.NoDev | Mounts.NoExec, null);
            return null;
        }
        catch (IOException e)
        {
            Mounts.Unmount(emptyDir);
            return e.Message;
        }
    }

    /// <summary>
    /// Links <c>ID.log</c> to the container's log, by a path relative to the log directory so it
    /// holds inside the container and out. Made in the log directory itself: the volume shows it
    /// read-only.
    /// </summary>
    public static void LinkContainer(string logDirectory, string containerId, string logPath)
    {
        var link = Path.Combine(logDirectory, containerId + ".log");
        File.Delete(link);
        File.CreateSymbolicLink(link, Path.GetRelativePath(logDirectory, logPath));
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
