using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Images.Store;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Rootfs;

/// <summary>
/// Containers' root filesystems: an overlay of the image's layers with a writable upper
/// directory of the container's own, or with <c>storage_driver = "vfs"</c> a full copy.
/// Each has a record naming its image and layers, so that images in use are known and
/// layers they stack are never collected.
/// </summary>
public sealed class ContainerFilesystems
{
    public const string OverlayDriver = "overlay";
    public const string VfsDriver = "vfs";

    private readonly StorePaths _paths;
    private readonly LayerStore _layers;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RootfsRecord> _records;

    private ContainerFilesystems(StorePaths paths, LayerStore layers, ILogger logger, Dictionary<string, RootfsRecord> records)
    {
        _paths = paths;
        _layers = layers;
        _logger = logger;
        _records = records;
    }

    public static async Task<ContainerFilesystems> OpenAsync(StorePaths paths, LayerStore layers, ILogger logger, CancellationToken cancellationToken)
    {
        var records = new Dictionary<string, RootfsRecord>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(paths.Containers))
        {
            var file = Path.Combine(directory, "rootfs.json");
            try
            {
                await using var stream = File.OpenRead(file);
                if (await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.RootfsRecord, cancellationToken).ConfigureAwait(false) is { } record)
                {
                    records[record.ContainerId] = record;
                    continue;
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                logger.LogWarning("container root filesystem {Directory} has no readable record and is removed: {Reason}", directory, e.Message);
            }
            Mounts.Unmount(Path.Combine(directory, "merged"));
            LayerStore.DeleteTree(directory);
        }
        return new ContainerFilesystems(paths, layers, logger, records);
    }

    /// <summary>The containers (and infra containers) whose root filesystem is made from <paramref name="imageId"/>.</summary>
    public IReadOnlyList<string> ContainersUsing(string imageId)
    {
        lock (_lock)
            return [.. _records.Values.Where(r => r.ImageId == imageId).Select(r => r.ContainerId)];
    }

    /// <summary>The IDs of the containers (and infra containers) that have a root filesystem.</summary>
    public IReadOnlyList<string> Owners()
    {
        lock (_lock)
            return [.. _records.Keys];
    }

    public IEnumerable<string> LayersInUse()
    {
        lock (_lock)
            return _records.Values.SelectMany(r => r.Layers).ToList();
    }

    public string MountPoint(string containerId) => Path.Combine(_paths.Container(containerId), "merged");

    /// <summary>Makes (or, for a container that has one, re-mounts) the root filesystem and returns its path.</summary>
    public async Task<string> CreateAsync(string containerId, ImageRecord image, string driver, CancellationToken cancellationToken)
    {
        if (driver is not (OverlayDriver or VfsDriver))
            throw new RpcException(StatusCode.InvalidArgument, $"container {containerId}: storage driver \"{driver}\" is not supported (overlay or vfs)");
        var record = new RootfsRecord(containerId, image.Id, image.Layers, driver);
        var directory = _paths.Container(containerId);
        var merged = MountPoint(containerId);
        using (_layers.Lease(image.Layers))
        {
            foreach (var layer in image.Layers)
            {
                if (_layers.Find(layer) is null)
                    throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: layer {layer} of image {image.Id} is missing from the store");
            }
            Directory.CreateDirectory(merged);
            lock (_lock)
                _records[containerId] = record;
            await AtomicFile.WriteAsync(Path.Combine(directory, "rootfs.json"), JsonSerializer.SerializeToUtf8Bytes(record, StoreJsonContext.Default.RootfsRecord), cancellationToken).ConfigureAwait(false);
            Materialize(record, cancellationToken);
        }
        return merged;
    }

    /// <summary>Unmounts and deletes the root filesystem with the container's writes; removing one that is gone is fine.</summary>
    public Task RemoveAsync(string containerId)
    {
        var directory = _paths.Container(containerId);
        Mounts.Unmount(MountPoint(containerId));
        LayerStore.DeleteTree(directory);
        lock (_lock)
            _records.Remove(containerId);
        return Task.CompletedTask;
    }

    private void Materialize(RootfsRecord record, CancellationToken cancellationToken)
    {
        var directory = _paths.Container(record.ContainerId);
        var merged = MountPoint(record.ContainerId);
        if (record.Driver == VfsDriver)
        {
            VfsCopy.Stack(record.Layers.Select(_paths.LayerDiff), merged, cancellationToken);
            return;
        }
        var upper = Path.Combine(directory, "upper");
        var work = Path.Combine(directory, "work");
        Directory.CreateDirectory(upper);
        Directory.CreateDirectory(work);
        // overlayfs lists lower directories top first.
        var lower = string.Join(':', record.Layers.Reverse().Select(_layers.ShortPath));
        Mounts.Mount("overlay", merged, "overlay", 0, $"lowerdir={lower},upperdir={upper},workdir={work}");
        _logger.LogDebug("container {Container}: overlay of {Layers} layers mounted on {MountPoint}", record.ContainerId, record.Layers.Count, merged);
    }
}
