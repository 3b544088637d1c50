namespace CriEngine.Oci.Spec;

/// <summary>
/// Resolves a path as the container would see it, inside a root directory: a symlink's target,
/// absolute or relative, and "..", never leave the root (like filepath-securejoin, which CRI-O
/// uses). With root "/" this is a host path with its symlinks resolved.
/// </summary>
internal static class RootfsPath
{
    // The kernel's own limit on symlinks followed in one lookup.
    private const int MaxSymlinks = 40;

    public static string Resolve(string root, string path)
    {
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var resolved = new List<string>();
        var pending = new Stack<string>();
        PushComponents(pending, path);
        var symlinks = 0;
        while (pending.TryPop(out var component))
        {
            if (component is "" or ".")
                continue;
            if (component == "..")
            {
                if (resolved.Count > 0)
                    resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(component);
            var target = new FileInfo(Join(top, resolved)).LinkTarget;
            if (target is null)
                continue;
            if (++symlinks > MaxSymlinks)
                throw new IOException($"{path}: too many levels of symbolic links");
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
                resolved.Clear();
            PushComponents(pending, target);
        }
        return Join(top, resolved);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var components = path.Split('/');
        for (var i = components.Length - 1; i >= 0; i--)
            pending.Push(components[i]);
    }

    private static string Join(string top, List<string> components) =>
        components.Count == 0 ? top : (top == "/" ? "" : top) + "/" + string.Join('/', components);
}
