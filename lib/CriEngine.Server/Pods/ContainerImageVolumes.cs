using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Images;
using CriEngine.Images.Registries;
using CriEngine.Images.Store;
using CriEngine.Images.Volumes;
using CriEngine.Server.Engine;

namespace CriEngine.Server.Pods;

/// <summary>
/// The image volumes of a container being created (Mounts with <c>image</c> set): each image
/// must be in the store already, as CRI-O has it (the kubelet pulls it first), and is mounted
/// read-only with its <c>image_sub_path</c> resolved inside it. The mounts are journaled before
/// they are made, so a failed or interrupted creation takes them away again.
/// </summary>
public static class ContainerImageVolumes
{
    /// <param name="HostPaths">Where each volume is on the host, by container path, for the spec.</param>
    /// <param name="ImageRefs">Each volume's image digest (else ID), by container path, as ContainerStatus reports it.</param>
    public sealed record Mounted(IReadOnlyDictionary<string, string> HostPaths, IReadOnlyDictionary<string, string> ImageRefs);

    /// <summary>The image of each image volume, looked up before anything is made.</summary>
    /// <exception cref="RpcException">NotFound naming an image that is not in the store.</exception>
    public static IReadOnlyList<(Mount Mount, ImageRecord Image)> Find(ImageManager images, RegistriesConfig registries, string container, ContainerConfig config) =>
        config.Mounts
            .Where(mount => mount.Image is { Image.Length: > 0 })
            .Select(mount => (mount, images.Find(mount.Image.Image, registries)
                ?? throw new RpcException(StatusCode.NotFound, $"container {container}: mount {mount.ContainerPath}: image {mount.Image.Image} is not present; pull it first")))
            .ToList();

    public static async Task<Mounted> MountAsync(ImageVolumes volumes, CreationJournal journal, string id, string container, IReadOnlyList<(Mount Mount, ImageRecord Image)> wanted)
    {
        var hostPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var imageRefs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Count == 0)
            return new Mounted(hostPaths, imageRefs);
        await journal.RecordAsync(new UndoStep(UndoKinds.RemoveImageVolumes, id)).ConfigureAwait(false);
        foreach (var (mount, image) in wanted)
        {
            var root = await volumes.MountAsync(id, image, CancellationToken.None).ConfigureAwait(false);
            hostPaths[mount.ContainerPath] = ImageSubPath.Resolve(root, mount.ImageSubPath, mount.Image.Image, $"container {container}: mount {mount.ContainerPath}");
            imageRefs[mount.ContainerPath] = image.RepoDigests.FirstOrDefault() ?? image.Id;
        }
        return new Mounted(hostPaths, imageRefs);
    }
}
