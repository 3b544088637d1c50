using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Images.Rootfs;
using CriEngine.Images.Store;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Volumes;

/// <summary>
/// Images mounted read-only as containers' volumes (the CRI's <c>Mount.image</c>): per container
/// and image, an overlay of the image's layers with no upper directory, mounted read-only,
/// nosuid, nodev and noexec under the store's <c>volumes/CONTAINER/IMAGE</c>. A container's
/// record names every image it mounts and is written before the mount, so the images and layers
/// a volume uses are known to be in use, and whatever a crash leaves is found again and removed.
/// </summary>
public sealed class ImageVolumes
{
    private const string RecordFile = "volumes.json";

    /// <summary>The bottom lower directory: overlayfs wants two lower directories when it has no upper one.</summary>
    private const string EmptyDirectory = "empty";

    private readonly StorePaths _paths;
    private readonly LayerStore _layers;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ImageVolumeRecord> _records;

    private ImageVolumes(StorePaths paths, LayerStore layers, ILogger logger, Dictionary<string, ImageVolumeRecord> records)
    {
        _paths = paths;
        _layers = layers;
        _logger = logger;
        _records = records;
    }

    /// <summary>Reads the records; a container directory without a readable one is a crash's leftover, unmounted and removed.</summary>
    public static async Task<ImageVolumes> OpenAsync(StorePaths paths, LayerStore layers, ILogger logger, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, ImageVolumeRecord>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(paths.Volumes))
        {
            try
            {
                await using var stream = File.OpenRead(Path.Combine(directory, RecordFile));
                if (await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.ImageVolumeRecord, cancellationToken).ConfigureAwait(false) is { } record
                    && record.ContainerId == Path.GetFileName(directory))
                {
                    records[record.ContainerId] = record;
                    continue;
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                logger.LogWarning("image volumes {Directory} have no readable record and are removed: {Reason}", directory, e.Message);
            }
            Clear(directory);
        }
        return new ImageVolumes(paths, layers, logger, records);
    }

    /// <summary>The containers that mount <paramref name="imageId"/> as a volume.</summary>
    public IReadOnlyList<string> ContainersUsing(string imageId)
    {
        lock (_lock)
            return [.. _records.Values.Where(r => r.Images.Any(i => i.ImageId == imageId)).Select(r => r.ContainerId)];
    }

    /// <summary>The IDs of the containers that have image volumes.</summary>
    public IReadOnlyList<string> Owners()
    {
        lock (_lock)
            return [.. _records.Keys];
    }

    public IEnumerable<string> LayersInUse()
    {
        lock (_lock)
            return _records.Values.SelectMany(r => r.Images).SelectMany(i => i.Layers).ToList();
    }

    /// <summary>The image's root as mounted for the container: mounted now, or by an earlier volume of the same image in the same container.</summary>
    /// <exception cref="RpcException">FailedPrecondition when a layer of the image is missing from the store.</exception>
    public async Task<string> MountAsync(string containerId, ImageRecord image, CancellationToken cancellationToken)
    {
        var directory = _paths.Volume(containerId);
        var root = Path.Combine(directory, image.Id);
        using (_layers.Lease(image.Layers))
        {
            foreach (var layer in image.Layers)
            {
                if (_layers.Find(layer) is null)
                    throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: layer {layer} of image {image.Id} is missing from the store");
            }
            ImageVolumeRecord record;
            lock (_lock)
            {
                var existing = _records.GetValueOrDefault(containerId) ?? new ImageVolumeRecord(containerId, []);
                if (existing.Images.Any(i => i.ImageId == image.Id))
                    return root;
                record = existing with { Images = [.. existing.Images, new MountedImage(image.Id, image.Layers)] };
                _records[containerId] = record;
            }
            Directory.CreateDirectory(root);
            Directory.CreateDirectory(Path.Combine(directory, EmptyDirectory));
            await AtomicFile.WriteAsync(Path.Combine(directory, RecordFile), JsonSerializer.SerializeToUtf8Bytes(record, StoreJsonContext.Default.ImageVolumeRecord), cancellationToken).ConfigureAwait(false);
            // overlayfs lists lower directories top first.
            var lower = string.Join(':', image.Layers.Reverse().Select(_layers.ShortPath).Append(Path.Combine(directory, EmptyDirectory)));
            Mounts.Mount("overlay", root, "overlay", Mounts.ReadOnly | Mounts.NoSuid | Mounts.NoDev | Mounts.NoExec, $"lowerdir={lower}");
        }
        _logger.LogDebug("container {Container}: image {Image} mounted read-only on {MountPoint}", containerId, image.Id, root);
        return root;
    }

    /// <summary>Unmounts and removes the container's image volumes; removing ones that are gone is fine.</summary>
    public Task RemoveAsync(string containerId)
    {
        Clear(_paths.Volume(containerId));
        lock (_lock)
            _records.Remove(containerId);
        return Task.CompletedTask;
    }

    /// <summary>Whatever is mounted beneath the directory goes first, so that removing it never reaches into an image.</summary>
    private static void Clear(string directory)
    {
        foreach (var mountPoint in MountTable.MountPointsUnder(directory))
            Mounts.Unmount(mountPoint);
        LayerStore.DeleteTree(directory);
    }
}
