using System.Text.RegularExpressions;
using CriEngine.Grpc;
using CriEngine.Images.Pull;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.Images.Rootfs;
using CriEngine.Images.Store;
using CriEngine.Images.Volumes;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images;

/// <summary>
/// The image subsystem as the CRI services use it: pull, look up, remove, report usage, and
/// make containers' root filesystems and image volumes, over one store under <c>[crio] root</c>.
/// </summary>
public sealed partial class ImageManager : IDisposable
{
    private readonly RegistryClient _client;
    private readonly BlobStore _blobs;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _removals = new(1, 1);

    private ImageManager(StorePaths paths, RegistryClient client, ImageStore images, LayerStore layers, BlobStore blobs, ContainerFilesystems filesystems, ImageVolumes volumes, ImagePuller puller, ILogger logger)
    {
        _logger = logger;
        Paths = paths;
        _client = client;
        Images = images;
        Layers = layers;
        _blobs = blobs;
        Filesystems = filesystems;
        Volumes = volumes;
        Puller = puller;
    }

    public StorePaths Paths { get; }

    public ImageStore Images { get; }

    public LayerStore Layers { get; }

    public ContainerFilesystems Filesystems { get; }

    public ImageVolumes Volumes { get; }

    public ImagePuller Puller { get; }

    /// <summary>Opens (or creates) the store; leftovers of an interrupted pull are removed.</summary>
    public static async Task<ImageManager> OpenAsync(string root, RegistryClientOptions clientOptions, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var paths = new StorePaths(root);
        paths.Create();
        foreach (var leftover in Directory.EnumerateFileSystemEntries(paths.Scratch))
            LayerStore.DeleteTree(leftover);
        var logger = loggers.CreateLogger<ImageManager>();
        var images = await ImageStore.OpenAsync(paths, logger, cancellationToken).ConfigureAwait(false);
        var layers = await LayerStore.OpenAsync(paths, logger, cancellationToken).ConfigureAwait(false);
        var filesystems = await ContainerFilesystems.OpenAsync(paths, layers, logger, cancellationToken).ConfigureAwait(false);
        var volumes = await ImageVolumes.OpenAsync(paths, layers, logger, cancellationToken).ConfigureAwait(false);
        var blobs = new BlobStore(paths);
        var client = new RegistryClient(clientOptions, loggers.CreateLogger<RegistryClient>());
        var policy = new Policy.SignaturePolicyEnforcer(client, loggers.CreateLogger<Policy.SignaturePolicyEnforcer>());
        var puller = new ImagePuller(client, policy, images, layers, blobs, loggers.CreateLogger<ImagePuller>());
        return new ImageManager(paths, client, images, layers, blobs, filesystems, volumes, puller, logger);
    }

    public Task<ImageRecord> PullAsync(string name, PullOptions options, CancellationToken cancellationToken) =>
        Puller.PullAsync(name, options, cancellationToken);

    /// <summary>
    /// The image a CRI client means: an image ID (with or without <c>sha256:</c>), a name with a
    /// tag or digest (short names resolved as for a pull), or an unambiguous ID prefix. Null when
    /// there is none.
    /// </summary>
    public ImageRecord? Find(string nameOrId, RegistriesConfig registries)
    {
        var id = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId["sha256:".Length..] : nameOrId;
        if (FullId().IsMatch(id))
            return Images.ById(id);
        foreach (var candidate in CandidatesOrNone(nameOrId, registries))
        {
            var canonical = candidate.Digest is { } digest ? $"{candidate.Name}@{digest}" : $"{candidate.Name}:{candidate.Tag}";
            if (Images.ByReference(canonical) is { } image)
                return image;
        }
        return IdPrefix().IsMatch(id) ? Images.ByIdPrefix(id) : null;
    }

    /// <summary>
    /// Removes an image with all its tags, then the blobs and layers nothing else uses. An
    /// image a container is made from, or mounts as a volume, is refused, naming the container.
    /// </summary>
    public async Task RemoveAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        await _removals.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Filesystems.ContainersUsing(image.Id) is [var container, ..])
                throw new RpcException(StatusCode.FailedPrecondition, $"image {image.Id} ({string.Join(", ", image.RepoTags)}) is in use by container {container}");
            if (Volumes.ContainersUsing(image.Id) is [var mounting, ..])
                throw new RpcException(StatusCode.FailedPrecondition, $"image {image.Id} ({string.Join(", ", image.RepoTags)}) is mounted as a volume by container {mounting}");
            await Images.RemoveAsync(image.Id, cancellationToken).ConfigureAwait(false);
            var remaining = Images.All;
            var blobsInUse = remaining.SelectMany(i => i.RepoDigests.Select(d => d[(d.IndexOf('@') + 1)..]).Append(i.ConfigDigest).Append(i.ManifestDigest)).ToHashSet();
            foreach (var blob in image.RepoDigests.Select(d => d[(d.IndexOf('@') + 1)..]).Append(image.ConfigDigest).Append(image.ManifestDigest).Distinct())
            {
                if (!blobsInUse.Contains(blob) && Digest.TryParse(blob, out var digest))
                    _blobs.Delete(digest);
            }
            Layers.Collect(remaining.SelectMany(i => i.Layers).Concat(Filesystems.LayersInUse()).Concat(Volumes.LayersInUse()).ToHashSet(StringComparer.Ordinal));
            LogRemoved(image.Id, string.Join(", ", image.RepoTags));
        }
        finally
        {
            _removals.Release();
        }
    }

    /// <summary>Bytes and inodes the store uses, from what it recorded: no walk of the file system per call.</summary>
    public (long Bytes, long Inodes) Usage()
    {
        var bytes = 0L;
        var inodes = 0L;
        foreach (var layer in Layers.All)
        {
            bytes += layer.Size;
            inodes += layer.Entries;
        }
        foreach (var file in Directory.EnumerateFiles(Paths.Blobs, "*", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(Paths.Images)))
        {
            bytes += new FileInfo(file).Length;
            inodes++;
        }
        return (bytes, inodes);
    }

    public void Dispose() => _client.Dispose();

    private static IReadOnlyList<ImageReference> CandidatesOrNone(string name, RegistriesConfig registries)
    {
        try
        {
            return registries.Candidates(name);
        }
        catch (RpcException)
        {
            return [];
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex FullId();

    [GeneratedRegex("^[0-9a-f]{3,63}$")]
    private static partial Regex IdPrefix();

    [LoggerMessage(Level = LogLevel.Information, Message = "image {ImageId} ({Tags}) removed")]
    private partial void LogRemoved(string imageId, string tags);
}
