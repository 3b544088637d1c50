using System.Collections.Concurrent;
using System.Text.Json;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Store;

/// <summary>
/// Unpacked layers by chain ID, each unpacked once and shared by every image that has it.
/// A layer becomes visible only when complete: it is unpacked in the scratch area, its record
/// written, then the directory renamed into place. Concurrent requests for one layer share
/// one unpack; a layer in use by a pull in progress is never collected.
/// </summary>
public sealed class LayerStore
{
    private readonly StorePaths _paths;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, LayerRecord> _layers;
    private readonly ConcurrentDictionary<string, Lazy<Task<LayerRecord>>> _unpacking = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _leases = new(StringComparer.Ordinal);
    private readonly Lock _leaseLock = new();

    private LayerStore(StorePaths paths, ILogger logger, ConcurrentDictionary<string, LayerRecord> layers)
    {
        _paths = paths;
        _logger = logger;
        _layers = layers;
    }

    /// <summary>Reads the layer records; directories without one are leftovers of a crash and are removed.</summary>
    public static async Task<LayerStore> OpenAsync(StorePaths paths, ILogger logger, CancellationToken cancellationToken)
    {
        var layers = new ConcurrentDictionary<string, LayerRecord>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories(paths.Layers))
        {
            var chainId = Path.GetFileName(directory);
            try
            {
                await using var stream = File.OpenRead(paths.LayerRecord(chainId));
                var record = await JsonSerializer.DeserializeAsync(stream, StoreJsonContext.Default.LayerRecord, cancellationToken).ConfigureAwait(false);
                if (record is not null && record.ChainId == chainId)
                {
                    layers[chainId] = record;
                    continue;
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                logger.LogWarning("layer {Layer} has no readable record and is removed: {Reason}", chainId, e.Message);
            }
            DeleteTree(directory);
        }
        return new LayerStore(paths, logger, layers);
    }

    public IReadOnlyCollection<LayerRecord> All => (IReadOnlyCollection<LayerRecord>)_layers.Values;

    public LayerRecord? Find(string chainId) => _layers.GetValueOrDefault(chainId);

    /// <summary>
    /// The layer, unpacked by <paramref name="unpack"/> into a scratch directory if it is not
    /// there yet. The unpack runs to its end even when every caller has stopped waiting, so a
    /// repeated pull finds the work done.
    /// </summary>
    public async Task<LayerRecord> EnsureAsync(string chainId, Func<string, CancellationToken, Task<LayerRecord>> unpack, CancellationToken cancellationToken)
    {
        if (_layers.TryGetValue(chainId, out var existing))
            return existing;
        var shared = _unpacking.GetOrAdd(chainId, id => new Lazy<Task<LayerRecord>>(() => UnpackAsync(id, unpack)));
        try
        {
            return await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (shared.Value.IsCompleted)
                _unpacking.TryRemove(new KeyValuePair<string, Lazy<Task<LayerRecord>>>(chainId, shared));
        }
    }

    /// <summary>Keeps layers from being collected while a pull or a container creation uses them.</summary>
    public IDisposable Lease(IEnumerable<string> chainIds)
    {
        var held = chainIds.ToList();
        lock (_leaseLock)
        {
            foreach (var id in held)
                _leases[id] = _leases.GetValueOrDefault(id) + 1;
        }
        return new Release(this, held);
    }

    /// <summary>Removes every layer that no image or container in <paramref name="inUse"/> stacks and no lease holds.</summary>
    public void Collect(IReadOnlySet<string> inUse)
    {
        foreach (var chainId in _layers.Keys)
        {
            lock (_leaseLock)
            {
                if (inUse.Contains(chainId) || _leases.ContainsKey(chainId))
                    continue;
                _layers.TryRemove(chainId, out _);
            }
            File.Delete(ShortLinkPath(chainId));
            DeleteTree(_paths.Layer(chainId));
            _logger.LogInformation("layer {Layer} removed: no image uses it", chainId);
        }
    }

    /// <summary>
    /// A short path to the layer's files (a symlink under the store's <c>l/</c>), so that an
    /// overlay mount of many layers fits the one page the kernel allows its options.
    /// </summary>
    public string ShortPath(string chainId)
    {
        var link = ShortLinkPath(chainId);
        if (!File.Exists(link) && !Directory.Exists(link))
        {
            try
            {
                File.CreateSymbolicLink(link, Path.Combine("..", "layers", chainId, "diff"));
            }
            catch (IOException) when (Directory.Exists(link))
            {
                // Made by a concurrent caller.
            }
        }
        return link;
    }

    private string ShortLinkPath(string chainId) => Path.Combine(_paths.ShortLinks, chainId[..26]);

    private async Task<LayerRecord> UnpackAsync(string chainId, Func<string, CancellationToken, Task<LayerRecord>> unpack)
    {
        await Task.Yield();
        var scratch = Path.Combine(_paths.Scratch, $"layer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(scratch, "diff"));
        try
        {
            var record = await unpack(Path.Combine(scratch, "diff"), CancellationToken.None).ConfigureAwait(false);
            await AtomicFile.WriteAsync(Path.Combine(scratch, "layer.json"), JsonSerializer.SerializeToUtf8Bytes(record, StoreJsonContext.Default.LayerRecord)).ConfigureAwait(false);
            Directory.Move(scratch, _paths.Layer(chainId));
            AtomicFile.SyncDirectory(_paths.Layers);
            _layers[chainId] = record;
            return record;
        }
        catch
        {
            DeleteTree(scratch);
            throw;
        }
    }

    internal static void DeleteTree(string path)
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }

    private sealed class Release(LayerStore store, List<string> held) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1)
                return;
            lock (store._leaseLock)
            {
                foreach (var id in held)
                {
                    if (--store._leases[id] == 0)
                        store._leases.Remove(id);
                }
            }
        }
    }
}
