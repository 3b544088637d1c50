namespace CriEngine.TestSupport.Containers;

/// <summary>
/// The cgroups tests make live under one parent of their own, <c>/criengine-test</c>, in every
/// hierarchy mounted under /sys/fs/cgroup. Tests remove their children; the parent goes when
/// the last test project using it is done (<see cref="RemoveParentIfUnused"/>).
/// </summary>
public static class TestCgroups
{
    public const string Parent = "/criengine-test";

    private const string Root = "/sys/fs/cgroup";

    /// <summary>The cgroup path (as OCI's <c>linux.cgroupsPath</c>) of <paramref name="name"/> under the test parent.</summary>
    public static string PathOf(string name) => $"{Parent}/{name}";

    /// <summary>The directory of cgroup <paramref name="name"/> in the v1 hierarchy of <paramref name="controller"/>.</summary>
    public static string DirectoryIn(string controller, string name) => System.IO.Path.Combine(Root, controller, Parent.TrimStart('/'), name);

    /// <summary>
    /// Removes cgroup <paramref name="name"/> (and any cgroups below it) from every hierarchy,
    /// retrying while exiting processes still hold it. Returns the directories that could not be removed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RemoveAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = Directory.EnumerateDirectories(Root)
                .Select(hierarchy => System.IO.Path.Combine(hierarchy, Parent.TrimStart('/'), name))
                .Where(Directory.Exists)
                .Where(directory => !TryRemoveTree(directory))
                .ToList();
            if (left.Count == 0 || DateTime.UtcNow > deadline)
                return left;
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Removes the empty parent from every hierarchy. A parent another test project is still
    /// using has children, and rmdir leaves it alone.
    /// </summary>
    public static void RemoveParentIfUnused()
    {
        foreach (var hierarchy in Directory.EnumerateDirectories(Root))
        {
            var parent = System.IO.Path.Combine(hierarchy, Parent.TrimStart('/'));
            if (Directory.Exists(parent) && !Directory.EnumerateDirectories(parent).Any())
                TryRemoveTree(parent);
        }
    }

    private static bool TryRemoveTree(string directory)
    {
        try
        {
            // A cgroup's control files cannot be deleted: only its empty directories, children first.
            foreach (var child in Directory.EnumerateDirectories(directory))
                TryRemoveTree(child);
            Directory.Delete(directory, recursive: false);
            return true;
        }
        catch (IOException)
        {
            return !Directory.Exists(directory);
        }
    }
}
