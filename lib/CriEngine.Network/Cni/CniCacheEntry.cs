using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CriEngine.Network.Cni;

/// <summary>
/// One file of libcni's result cache, field for field as libcni 1.x writes it (its
/// <c>cachedInfo</c>, kind <c>cniCacheV1</c>), so tools that read the cache (cnitool, plugins'
/// GC, libcni's <c>GetCachedAttachments</c>) see the engine's pods as CRI-O's.
/// </summary>
/// <param name="Config">The network's config list, as the ADD read it (JSON bytes, base64 in the file as Go writes <c>[]byte</c>).</param>
/// <param name="CniArgs">The <c>CNI_ARGS</c> pairs, each a two-element array.</param>
/// <param name="Result">The last plugin's ADD result; absent until ADD has succeeded.</param>
internal sealed record CniCacheEntry(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("containerId")] string ContainerId,
    [property: JsonPropertyName("config")] byte[] Config,
    [property: JsonPropertyName("ifName")] string IfName,
    [property: JsonPropertyName("networkName")] string NetworkName,
    [property: JsonPropertyName("netns")] string? Netns,
    [property: JsonPropertyName("cniArgs")] IReadOnlyList<IReadOnlyList<string>>? CniArgs,
    [property: JsonPropertyName("capabilityArgs")] JsonObject? CapabilityArgs,
    [property: JsonPropertyName("result")] JsonObject? Result)
{
    public const string KindV1 = "cniCacheV1";
}
