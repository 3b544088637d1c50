using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CriEngine.Grpc;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.State;

/// <summary>
/// Records of one kind (pods or containers), one file each under a directory, held in memory.
/// Names are unique among them: a name stays reserved by its record until the record is
/// deleted, which is how a second pod or container with the same name is refused.
/// </summary>
public sealed class RecordStore<T>(string directory, JsonTypeInfo<T> json, Func<T, string> idOf, Func<T, string> nameOf) where T : class
{
    private readonly ConcurrentDictionary<string, T> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Lock _namesLock = new();
    private readonly ConcurrentDictionary<string, byte> _hidden = new(StringComparer.Ordinal);

    public IReadOnlyCollection<T> All => (IReadOnlyCollection<T>)_records.Values;

    /// <summary>
    /// The records the kubelet may see: all but those made for a request that timed out, which
    /// stay out of lists until the same request comes again (as CRI-O keeps them in its resource store).
    /// </summary>
    public IEnumerable<T> Listed => _hidden.IsEmpty ? _records.Values : _records.Values.Where(r => !_hidden.ContainsKey(idOf(r)));

    /// <summary>Keeps a record out of <see cref="Listed"/>: in memory only, so a restarted daemon lists it again.</summary>
    public void Hide(string id) => _hidden[id] = 0;

    public void Reveal(string id) => _hidden.TryRemove(id, out _);

    /// <summary>Reads every record; an unreadable one is logged and left out.</summary>
    public async Task LoadAsync(ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        // An atomic write cut short by a crash leaves its temporary file and the old record.
        foreach (var partial in Directory.EnumerateFiles(directory, ".*.tmp"))
            File.Delete(partial);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            try
            {
                await using var stream = File.OpenRead(file);
                if (await JsonSerializer.DeserializeAsync(stream, json, cancellationToken).ConfigureAwait(false) is { } record)
                {
                    _records[idOf(record)] = record;
                    lock (_namesLock)
                        _names[nameOf(record)] = idOf(record);
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                logger.LogWarning("state record {File} is unreadable and is ignored: {Reason}", file, e.Message);
            }
        }
    }

    /// <summary>The record with this ID, or the only one whose ID starts with it.</summary>
    public T? Find(string idOrPrefix)
    {
        if (idOrPrefix.Length == 0)
            return null;
        if (_records.TryGetValue(idOrPrefix, out var exact))
            return exact;
        T? found = null;
        foreach (var (id, record) in _records)
        {
            if (!id.StartsWith(idOrPrefix, StringComparison.Ordinal))
                continue;
            if (found is not null)
                return null;
            found = record;
        }
        return found;
    }

    /// <exception cref="RpcException">NotFound naming the kind and the ID.</exception>
    public T Get(string idOrPrefix, string kind) =>
        Find(idOrPrefix) ?? throw new RpcException(StatusCode.NotFound, $"{kind} {idOrPrefix} not found");

    /// <summary>Reserves <paramref name="name"/> for <paramref name="id"/>; false with the holder's ID when it is taken.</summary>
    public bool TryReserveName(string name, string id, out string holder)
    {
        lock (_namesLock)
        {
            if (_names.TryGetValue(name, out holder!))
                return holder == id;
            _names[name] = id;
            holder = id;
            return true;
        }
    }

    public void ReleaseName(string name, string id)
    {
        lock (_namesLock)
        {
            if (_names.TryGetValue(name, out var holder) && holder == id)
                _names.Remove(name);
        }
    }

    public async Task SaveAsync(T record, CancellationToken cancellationToken = default)
    {
        await AtomicFile.WriteAsync(PathOf(idOf(record)), JsonSerializer.SerializeToUtf8Bytes(record, json), cancellationToken).ConfigureAwait(false);
        _records[idOf(record)] = record;
    }

    public void Delete(T record)
    {
        File.Delete(PathOf(idOf(record)));
        _records.TryRemove(idOf(record), out _);
        _hidden.TryRemove(idOf(record), out _);
        ReleaseName(nameOf(record), idOf(record));
    }

    private string PathOf(string id) => Path.Combine(directory, id + ".json");
}
