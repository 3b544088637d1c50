using CriEngine.Grpc;

namespace CriEngine.Images.Volumes;

/// <summary>
/// A Mount's <c>image_sub_path</c> inside a mounted image. Symlinks are followed as the image
/// sees them (an absolute target starts again at the image's root), but never out of it: a sub
/// path that is absolute, has "..", or reaches outside through a symlink is refused rather than
/// clamped, so that a volume never shows other than what was asked for.
/// </summary>
public static class ImageSubPath
{
    // The kernel's own limit on symlinks followed in one lookup.
    private const int MaxSymlinks = 40;

    /// <param name="root">The image's root on the host, trusted.</param>
    /// <param name="place">What the error names first: the container and mount.</param>
    /// <returns>The host path of the sub path, with no symlink left in it.</returns>
    /// <exception cref="RpcException">InvalidArgument for a sub path that escapes the image or does not exist in it.</exception>
    public static string Resolve(string root, string subPath, string image, string place)
    {
        var top = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (subPath.Length == 0)
            return top;
        var what = $"{place}: image_sub_path \"{subPath}\" of image {image}";
        if (subPath.StartsWith('/'))
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: must be relative to the image's root");
        if (subPath.Split('/').Contains(".."))
            throw new RpcException(StatusCode.InvalidArgument, $"{what}: escapes the image (\"..\")");

        var resolved = new List<string>();
        var pending = new Stack<string>();
        Push(pending, subPath);
        var symlinks = 0;
        while (pending.TryPop(out var component))
        {
            if (component is "" or ".")
                continue;
            if (component == "..")
            {
                // Only a symlink's target brings ".." here.
                if (resolved.Count == 0)
                    throw new RpcException(StatusCode.InvalidArgument, $"{what}: escapes the image through a symlink");
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            resolved.Add(component);
            var host = Join(top, resolved);
            var entry = new FileInfo(host);
            if (!entry.Exists && !Directory.Exists(host) && entry.LinkTarget is null)
                throw new RpcException(StatusCode.InvalidArgument, $"{what}: /{string.Join('/', resolved)} does not exist in the image");
            if (entry.LinkTarget is not { } target)
                continue;
            if (++symlinks > MaxSymlinks)
                throw new RpcException(StatusCode.InvalidArgument, $"{what}: too many levels of symbolic links");
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/'))
                resolved.Clear();
            Push(pending, target);
        }
        return Join(top, resolved);
    }

    private static void Push(Stack<string> pending, string path)
    {
        var components = path.Split('/');
        for (var i = components.Length - 1; i >= 0; i--)
            pending.Push(components[i]);
    }

    private static string Join(string top, List<string> components) =>
        components.Count == 0 ? top : top + "/" + string.Join('/', components);
}
