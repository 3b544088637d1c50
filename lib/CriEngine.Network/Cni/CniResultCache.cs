using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CriEngine.Grpc;
using CriEngine.Platform;

namespace CriEngine.Network.Cni;

/// <summary>
/// libcni's result cache under <paramref name="directory"/> (libcni's and CRI-O's default is
/// <c>/var/lib/cni</c>): one file per pod, network and interface,
/// <c>results/NETWORK-CONTAINERID-IFNAME</c>, holding everything the ADD was given and its result.
/// A pod's DEL is run from it, so it takes away what the ADD made whatever the network config
/// says by then, also after a daemon restart or a reboot. Files are written atomically; the
/// engine writes one before the ADD too (without a result), so a DEL after a crash during the ADD
/// still knows what to take away.
/// </summary>
public sealed class CniResultCache(string directory)
{
    public string Directory { get; } = directory;

    private string Results => Path.Combine(Directory, "results");

    /// <summary>Where libcni keeps the attachment of <paramref name="containerId"/> to <paramref name="network"/> on <paramref name="interfaceName"/>.</summary>
    public string PathOf(string network, string containerId, string interfaceName) =>
        Path.Combine(Results, $"{network}-{containerId}-{interfaceName}");

    /// <summary>The cache files of <paramref name="containerId"/>, whatever the network (found by name, as libcni's <c>GetCachedAttachments</c> finds them).</summary>
    public IReadOnlyList<string> Find(string containerId)
    {
        try
        {
            return System.IO.Directory.EnumerateFiles(Results, $"*-{containerId}-*").Order(StringComparer.Ordinal).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    public async Task WriteAsync(string path, CniAttachment attachment, CancellationToken cancellationToken = default)
    {
        var network = CniNetworkConfigList.Parse(attachment.ConfigList, isList: true);
        var capabilities = CniCapabilityArgs.Of(attachment);
        var entry = new CniCacheEntry(
            CniCacheEntry.KindV1,
            attachment.ContainerId,
            Encoding.UTF8.GetBytes(attachment.ConfigList),
            attachment.InterfaceName,
            network.Name,
            attachment.NetnsPath.Length > 0 ? attachment.NetnsPath : null,
            attachment.Arguments.Select(pair => (IReadOnlyList<string>)[pair.Key, pair.Value]).ToList(),
            capabilities.Count > 0 ? capabilities : null,
            attachment.Result is { } result ? JsonNode.Parse(result) as JsonObject : null);
        // libcni's modes: the results name the pods' addresses.
        System.IO.Directory.CreateDirectory(Results, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await AtomicFile.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(entry, CniJsonContext.Default.CniCacheEntry), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The attachment cached in <paramref name="path"/>, or null when there is none (never attached, or detached already).</summary>
    public static async Task<CniAttachment?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        CniCacheEntry entry;
        try
        {
            await using var file = File.OpenRead(path);
            entry = await JsonSerializer.DeserializeAsync(file, CniJsonContext.Default.CniCacheEntry, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("null");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.Internal, $"{path}: unreadable CNI cache entry: {e.Message}", e);
        }
        if (entry.Kind != CniCacheEntry.KindV1)
            throw new RpcException(StatusCode.Internal, $"{path}: CNI cache entry of kind \"{entry.Kind}\", not {CniCacheEntry.KindV1}");
        var (ports, dns) = CniCapabilityArgs.Read(entry.CapabilityArgs);
        return new CniAttachment(
            Encoding.UTF8.GetString(entry.Config),
            entry.ContainerId,
            entry.Netns ?? "",
            entry.IfName,
            (entry.CniArgs ?? []).Where(pair => pair.Count == 2).Select(pair => new KeyValuePair<string, string>(pair[0], pair[1])).ToList(),
            ports,
            dns,
            entry.Result?.ToJsonString());
    }
}
