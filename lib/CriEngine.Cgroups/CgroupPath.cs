using CriEngine.Grpc;

namespace CriEngine.Cgroups;

/// <summary>
/// cgroup paths as runc's cgroupfs driver takes them: absolute from the root of every
/// hierarchy ("/kubepods/burstable/pod1/crio-3f2a…"), the same path in each one.
/// </summary>
internal static class CgroupPath
{
    /// <summary>
    /// The CRI cgroup_parent as an absolute path with single slashes. Refused: a "." or ".."
    /// element (it could leave the hierarchy root), control characters, and a systemd slice,
    /// which only the systemd manager understands (as CRI-O refuses it).
    /// </summary>
    public static string NormalizeParent(string cgroupParent, string defaultParent)
    {
        if (cgroupParent == "")
            return defaultParent;
        if (cgroupParent.Any(char.IsControl))
            throw Invalid(cgroupParent, "contains a control character");
        var elements = cgroupParent.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (elements.Any(e => e is "." or ".."))
            throw Invalid(cgroupParent, "\".\" and \"..\" are not allowed: a cgroup parent must stay under the cgroup root");
        if (elements.Length > 0 && elements[^1].EndsWith(".slice", StringComparison.Ordinal))
            throw Invalid(cgroupParent, "a systemd slice, but cgroup_manager is \"cgroupfs\"");
        return "/" + string.Join('/', elements);
    }

    /// <summary>Refuses an id that is not one path element: the engine makes ids, but a path built from one must not move.</summary>
    public static void CheckName(string what, string name)
    {
        if (name == "" || name is "." or ".." || name.Contains('/') || name.Any(char.IsControl))
            throw new RpcException(StatusCode.InvalidArgument, $"{what} \"{name}\": not usable in a cgroup name");
    }

    public static string Child(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;

    /// <summary>The directory of <paramref name="cgroupPath"/> in the hierarchy mounted at <paramref name="mountPoint"/>.</summary>
    public static string OnDisk(string mountPoint, string cgroupPath) => Path.Join(mountPoint, cgroupPath.TrimStart('/'));

    /// <summary>The directories from the hierarchy root down to <paramref name="cgroupPath"/>, root first.</summary>
    public static IReadOnlyList<string> Levels(string mountPoint, string cgroupPath)
    {
        var levels = new List<string> { mountPoint };
        foreach (var element in cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
            levels.Add(Path.Join(levels[^1], element));
        return levels;
    }

    private static RpcException Invalid(string cgroupParent, string reason) =>
        new(StatusCode.InvalidArgument, $"cgroup parent \"{cgroupParent}\": {reason}");
}
