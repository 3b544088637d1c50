using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The CRI's mounts of a container as OCI bind mounts (an image volume as a read-only, nosuid,
/// nodev, noexec bind of the image mounted by the engine), and the whole mount list: a CRI mount
/// replaces any default or pod-file mount at the same place, and a CRI mount of /dev or /sys
/// replaces everything beneath it too. A host path that does not exist is made as a directory, as
/// CRI-O and containerd make it (a hostPath volume without a type counts on it), unless
/// <c>absent_mount_sources_to_reject</c> lists it.
/// </summary>
internal static class ContainerMounts
{
    /// <summary>0755, as CRI-O makes a missing host path.</summary>
    private const UnixFileMode HostDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <param name="Mounts">The OCI mounts, parents before children.</param>
    /// <param name="Made">The CRI mounts with their host paths resolved, for ContainerStatus.</param>
    /// <param name="RootfsPropagation">rslave or rshared when a mount needs events from the host to reach it.</param>
    public sealed record Result(IReadOnlyList<OciMount> Mounts, IReadOnlyList<Mount> Made, string? RootfsPropagation);

    public static Result Build(
        IEnumerable<Mount> requested, IReadOnlyList<OciMount> defaults, IReadOnlyList<OciMount> podFiles, IReadOnlyDictionary<string, string> imageVolumes, IReadOnlyList<string> absentToReject, HandlerFeatures features, string subject)
    {
        // Shallow paths first, so that a mount is not hidden by one made later above it.
        var ordered = requested.OrderBy(mount => Depth(mount.ContainerPath)).ToList();
        var mounts = new List<OciMount>();
        var made = new List<Mount>();
        string? propagation = null;
        foreach (var mount in ordered)
        {
            var (bind, resolved) = Bind(mount, imageVolumes, absentToReject, features, subject);
            mounts.Add(bind);
            made.Add(resolved);
            propagation = mount.Propagation switch
            {
                MountPropagation.PropagationBidirectional => "rshared",
                MountPropagation.PropagationHostToContainer when propagation != "rshared" => "rslave",
                _ => propagation,
            };
        }

        var replaced = ordered.Select(mount => Clean(mount.ContainerPath)).ToHashSet(StringComparer.Ordinal);
        var engineMounts = defaults.Concat(podFiles).Where(mount => !IsReplaced(mount.Destination, replaced));
        return new Result(engineMounts.Concat(mounts).ToList(), made, propagation);
    }

    private static (OciMount Bind, Mount Resolved) Bind(Mount mount, IReadOnlyDictionary<string, string> imageVolumes, IReadOnlyList<string> absentToReject, HandlerFeatures features, string subject)
    {
        if (mount.ContainerPath.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: a mount has no container path");
        var place = $"{subject}: mount {mount.ContainerPath}";
        var image = mount.Image is { Image.Length: > 0 };
        string source;
        if (image)
        {
            if (mount.HostPath.Length > 0)
                throw new RpcException(StatusCode.InvalidArgument, $"{place}: names both a host path and an image");
            source = imageVolumes.GetValueOrDefault(mount.ContainerPath)
                ?? throw new RpcException(StatusCode.Internal, $"{place}: image {mount.Image!.Image} was not mounted");
        }
        else
        {
            if (mount.HostPath.Length == 0)
                throw new RpcException(StatusCode.InvalidArgument, $"{place}: no host path");
            source = RootfsPath.Resolve("/", mount.HostPath);
            if (!Path.Exists(source))
            {
                if (absentToReject.Contains(Clean(mount.HostPath), StringComparer.Ordinal))
                    throw new RpcException(StatusCode.InvalidArgument, $"{place}: host path {mount.HostPath} does not exist, and absent_mount_sources_to_reject refuses to make it a directory");
                Directory.CreateDirectory(source, HostDirectoryMode);
            }
        }

        // A runtime that does not know idmapped mounts ignores the mappings: the files would keep their host owners.
        if ((mount.UidMappings.Count > 0 || mount.GidMappings.Count > 0) && !features.IdmapMounts)
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: asks for an idmapped mount, which the runtime handler cannot make{Why(features)}");
        var resolved = mount.Clone();
        resolved.HostPath = source;
        // An image volume is read-only whatever the request says (the CRI: "All image mounts are per feature definition readonly").
        resolved.Readonly |= image;
        var bind = new OciMount
        {
            Destination = mount.ContainerPath,
            Type = "bind",
            Source = source,
            Options = image
                ? ["rbind", Propagation(mount.Propagation), Access(resolved, features, place), "nosuid", "nodev", "noexec"]
                : ["rbind", Propagation(mount.Propagation), Access(mount, features, place)],
            UidMappings = Mappings(mount.UidMappings),
            GidMappings = Mappings(mount.GidMappings),
        };
        return (bind, resolved);
    }

    private static string Propagation(MountPropagation propagation) => propagation switch
    {
        MountPropagation.PropagationHostToContainer => "rslave",
        MountPropagation.PropagationBidirectional => "rshared",
        _ => "rprivate",
    };

    private static string Access(Mount mount, HandlerFeatures features, string place)
    {
        if (!mount.RecursiveReadOnly)
            return mount.Readonly ? "ro" : "rw";
        if (!mount.Readonly)
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: recursive read-only but not read-only");
        if (mount.Propagation != MountPropagation.PropagationPrivate)
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: recursive read-only needs private propagation");
        if (!features.RecursiveReadOnly)
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: recursive read-only, which the runtime handler cannot make{Why(features)}");
        return "rro";
    }

    private static string Why(HandlerFeatures features) => features.Unknown is { } why ? $" ({why})" : "";

    private static IReadOnlyList<OciIdMapping>? Mappings(IReadOnlyCollection<IDMapping> mappings) =>
        mappings.Count == 0
            ? null
            : mappings.Select(mapping => new OciIdMapping { ContainerId = mapping.ContainerId, HostId = mapping.HostId, Size = mapping.Length }).ToList();

    private static bool IsReplaced(string destination, HashSet<string> replaced) =>
        replaced.Contains(destination)
        || (replaced.Contains("/dev") && destination.StartsWith("/dev/", StringComparison.Ordinal))
        || (replaced.Contains("/sys") && destination.StartsWith("/sys/", StringComparison.Ordinal));

    private static int Depth(string path) => Clean(path).Count(character => character == '/');

    private static string Clean(string path)
    {
        var components = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(component => component != ".").ToList();
        return "/" + string.Join('/', components);
    }
}
