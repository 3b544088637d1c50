using System.Text.Json;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Store;

/// <summary>
/// The image records, one file each, held in memory for lookups. A tag belongs to one image:
/// recording it on one removes it from any other. Changes are serialized; reads take a
/// snapshot and never wait.
/// </summary>
public sealed class ImageStore
{
    private readonly StorePaths _paths;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private volatile IReadOnlyDictionary<string, ImageRecord> _images;

    private ImageStore(StorePaths paths, IReadOnlyDictionary<string, ImageRecord> images)
    {
        _paths = paths;
        _images = images;
    }

    /// <summary>Reads every record; an unreadable one is logged and left out, never fatal.</summary>
    public static async Task<ImageStore> OpenAsync(StorePaths paths, ILogger logger, CancellationToken cancellationToken)
    {
        var images = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(paths.Images, "*.json"))
        {
            try
            {
                await using var stream = File.OpenRead(file);
                var record = await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.ImageRecord, cancellationToken).ConfigureAwait(false);
                if (record is not null)
                    images[record.Id] = record;
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                logger.LogWarning("image record {File} is unreadable and is ignored: {Reason}", file, e.Message);
            }
        }
        return new ImageStore(paths, WithoutSharedTags(images));
    }

    public IReadOnlyCollection<ImageRecord> All => (IReadOnlyCollection<ImageRecord>)_images.Values;

    public ImageRecord? ById(string id) => _images.GetValueOrDefault(id);

    /// <summary>An image whose ID starts with <paramref name="prefix"/>, when exactly one does.</summary>
    public ImageRecord? ByIdPrefix(string prefix)
    {
        ImageRecord? found = null;
        foreach (var image in _images.Values)
        {
            if (!image.Id.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            if (found is not null)
                return null;
            found = image;
        }
        return found;
    }

    /// <summary>The image holding a canonical tag or digest reference (<c>name:tag</c> or <c>name@digest</c>).</summary>
    public ImageRecord? ByReference(string canonical)
    {
        foreach (var image in _images.Values)
        {
            if (image.RepoTags.Contains(canonical) || image.RepoDigests.Contains(canonical))
                return image;
        }
        return null;
    }

    /// <summary>
    /// Records a pulled image: merged with the record of the same ID if there is one (tags and
    /// digests united); the new tag is taken from whichever image held it before.
    /// </summary>
    public async Task<ImageRecord> AddAsync(ImageRecord pulled, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var images = new Dictionary<string, ImageRecord>(_images, StringComparer.Ordinal);
            var record = images.TryGetValue(pulled.Id, out var existing)
                ? pulled with
                {
                    RepoTags = existing.RepoTags.Union(pulled.RepoTags).ToList(),
                    RepoDigests = existing.RepoDigests.Union(pulled.RepoDigests).ToList(),
                }
                : pulled;
            foreach (var other in images.Values.Where(i => i.Id != record.Id && i.RepoTags.Intersect(record.RepoTags).Any()).ToList())
            {
                var untagged = other with { RepoTags = other.RepoTags.Except(record.RepoTags).ToList() };
                await WriteAsync(untagged, cancellationToken).ConfigureAwait(false);
                images[other.Id] = untagged;
            }
            await WriteAsync(record, cancellationToken).ConfigureAwait(false);
            images[record.Id] = record;
            _images = images;
            return record;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Forgets an image; removing one that is gone already is no error.</summary>
    public async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_images.ContainsKey(id))
                return;
            File.Delete(_paths.ImageRecord(id));
            AtomicFile.SyncDirectory(_paths.Images);
            var images = new Dictionary<string, ImageRecord>(_images, StringComparer.Ordinal);
            images.Remove(id);
            _images = images;
        }
        finally
        {
            _writes.Release();
        }
    }

    private Task WriteAsync(ImageRecord record, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(_paths.ImageRecord(record.Id), JsonSerializer.SerializeToUtf8Bytes(record, StoreJsonContext.Default.ImageRecord), cancellationToken);

    // A crash between untagging one record and writing another can leave a tag on two images:
    // the one pulled last holds it.
    private static Dictionary<string, ImageRecord> WithoutSharedTags(Dictionary<string, ImageRecord> images)
    {
        var owner = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var image in images.Values.OrderBy(i => i.PulledAt))
        {
            foreach (var tag in image.RepoTags)
                owner[tag] = image;
        }
        return images.Values.ToDictionary(
            i => i.Id,
            i => i with { RepoTags = i.RepoTags.Where(t => owner[t].Id == i.Id).ToList() },
            StringComparer.Ordinal);
    }
}
