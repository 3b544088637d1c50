using CriEngine.Cgroups.Native;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Cgroups;

/// <summary>
/// Makes, joins and removes one cgroup path in every hierarchy of a layout, the way runc's
/// cgroupfs driver does: v1 cpuset levels get their parent's cpus and mems, v2 levels above
/// the cgroup get every available controller enabled for their children.
/// </summary>
internal sealed class CgroupTree(CgroupLayout layout, ILogger logger)
{
    private const string Procs = "cgroup.procs";

    private const UnixFileMode Mode0755 =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>How long a removal waits for processes to leave before it reports them: runc retries for about as long.</summary>
    private static readonly TimeSpan RemovalPatience = TimeSpan.FromSeconds(1);

    public async Task CreateAsync(string cgroupPath, CancellationToken cancellationToken)
    {
        foreach (var hierarchy in layout.V1Hierarchies)
            await CreateV1Async(hierarchy, cgroupPath, cancellationToken).ConfigureAwait(false);
        if (layout.UnifiedMountPoint is { } unified)
        {
            // In hybrid mode the cgroup2 mount holds no controller of ours: only the directory is needed to join it.
            if (layout.Mode == CgroupMode.Unified)
                await CreateV2Async(unified, cgroupPath, cancellationToken).ConfigureAwait(false);
            else
                CreateDirectories(CgroupPath.Levels(unified, cgroupPath));
        }
        logger.Created(cgroupPath, layout.MembershipRoots.Count());
    }

    /// <summary>Moves <paramref name="pid"/> (with its threads) into the cgroup in every hierarchy.</summary>
    public async Task JoinAsync(string cgroupPath, int pid, CancellationToken cancellationToken)
    {
        foreach (var root in layout.MembershipRoots)
        {
            var directory = CgroupPath.OnDisk(root, cgroupPath);
            try
            {
                await CgroupFile.WriteAsync(Path.Join(directory, Procs), pid.ToString(), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new RpcException(StatusCode.Internal, $"cgroup {directory}: moving pid {pid} in failed: {e.Message}", e);
            }
        }
        logger.Joined(cgroupPath, pid);
    }

    /// <summary>
    /// Removes the cgroup and any child cgroups, children first, in every hierarchy. One that
    /// still holds processes is retried for <see cref="RemovalPatience"/>, then reported with
    /// its path and pids. A cgroup that is already gone is not an error.
    /// </summary>
    public async Task RemoveAsync(string cgroupPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + RemovalPatience;
        var pause = TimeSpan.FromMilliseconds(10);
        foreach (var root in layout.MembershipRoots)
        {
            var directory = CgroupPath.OnDisk(root, cgroupPath);
            while (RemoveTree(directory) is { } busy)
            {
                if (DateTime.UtcNow >= deadline)
                    throw await StillInUseAsync(busy, cancellationToken).ConfigureAwait(false);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
            }
        }
        logger.Removed(cgroupPath);
    }

    private static async Task CreateV1Async(CgroupHierarchy hierarchy, string cgroupPath, CancellationToken cancellationToken)
    {
        var levels = CgroupPath.Levels(hierarchy.MountPoint, cgroupPath);
        CreateDirectories(levels);
        if (!hierarchy.Has("cpuset"))
            return;
        // A new v1 cpuset cgroup starts with no cpus and no mems, and refuses every process until it has both.
        for (var i = 1; i < levels.Count; i++)
        {
            foreach (var file in new[] { "cpuset.cpus", "cpuset.mems" })
            {
                var own = CgroupFile.Read(Path.Join(levels[i], file));
                if (own is null || own.Trim() != "")
                    continue;
                var inherited = CgroupFile.Read(Path.Join(levels[i - 1], file));
                if (inherited is not null && inherited.Trim() != "")
                    await CgroupFile.WriteAsync(Path.Join(levels[i], file), inherited.Trim(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CreateV2Async(string mountPoint, string cgroupPath, CancellationToken cancellationToken)
    {
        var levels = CgroupPath.Levels(mountPoint, cgroupPath);
        for (var i = 0; i < levels.Count; i++)
        {
            if (i > 0)
                Directory.CreateDirectory(levels[i], Mode0755);
            // A controller reaches a cgroup only if every level above enables it for its children.
            if (i < levels.Count - 1)
                await EnableControllersAsync(levels[i], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes every available controller not yet enabled into cgroup.subtree_control, all at once
    /// and, if the kernel refuses the set, one by one; one still refused is logged, not fatal (as in runc).
    /// </summary>
    private async Task EnableControllersAsync(string directory, CancellationToken cancellationToken)
    {
        var available = Words(CgroupFile.Read(Path.Join(directory, "cgroup.controllers")));
        var enabled = Words(CgroupFile.Read(Path.Join(directory, "cgroup.subtree_control")));
        var missing = available.Except(enabled).ToList();
        if (missing.Count == 0)
            return;
        var subtreeControl = Path.Join(directory, "cgroup.subtree_control");
        try
        {
            await CgroupFile.WriteAsync(subtreeControl, string.Join(' ', missing.Select(c => "+" + c)), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (IOException)
        {
        }
        foreach (var controller in missing)
        {
            try
            {
                await CgroupFile.WriteAsync(subtreeControl, "+" + controller, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                logger.ControllerNotEnabled(directory, controller, e.Message);
            }
        }
    }

    private static void CreateDirectories(IReadOnlyList<string> levels)
    {
        foreach (var level in levels.Skip(1))
            Directory.CreateDirectory(level, Mode0755);
    }

    private static string[] Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>Removes <paramref name="directory"/> and its child cgroups, deepest first; returns the first one that is still in use, or null when all are gone.</summary>
    private static string? RemoveTree(string directory)
    {
        IEnumerable<string> children;
        try
        {
            children = Directory.EnumerateDirectories(directory).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        foreach (var child in children)
        {
            if (RemoveTree(child) is { } busy)
                return busy;
        }
        var errno = Rmdir.Remove(directory);
        return errno switch
        {
            0 or Rmdir.NoSuchEntry => null,
            // EBUSY: processes inside; ENOTEMPTY: a child cgroup appeared meanwhile. Both may pass.
            Rmdir.Busy or Rmdir.NotEmpty => directory,
            _ => throw new RpcException(StatusCode.Internal, $"cgroup {directory}: rmdir failed: {Rmdir.Describe(errno)}"),
        };
    }

    private static async Task<RpcException> StillInUseAsync(string directory, CancellationToken cancellationToken)
    {
        var pids = Words(CgroupFile.Read(Path.Join(directory, Procs)));
        var cause = pids.Length > 0 ? $"still has processes (pids {string.Join(", ", pids)})" : "still in use (child cgroups or exiting processes)";
        return new RpcException(StatusCode.FailedPrecondition, $"cgroup {directory}: {cause}; not removed");
    }
}
