using System.Text.Json;
using System.Text.Json.Nodes;

namespace CriEngine.Network.Cni;

/// <summary>What the kubelet needs from a CNI ADD result: the pod's addresses, in the result's order.</summary>
public static class CniResult
{
    /// <summary>
    /// The addresses without their prefix lengths, from a result of any spec version: <c>ips</c>
    /// (0.3.0 and later, 1.0.0 included) or <c>ip4</c> and <c>ip6</c> (0.1.0 and 0.2.0).
    /// </summary>
    public static IReadOnlyList<string> Addresses(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return [];
        }
        if (root is not JsonObject result)
            return [];
        IEnumerable<JsonNode?> entries = result["ips"] is JsonArray ips
            ? ips.Select(ip => ip?["address"])
            : [result["ip4"]?["ip"], result["ip6"]?["ip"]];
        return entries
            .Select(entry => entry is JsonValue value && value.TryGetValue<string>(out var cidr) ? cidr : null)
            .Where(cidr => !string.IsNullOrEmpty(cidr))
            .Select(cidr => cidr!.Split('/')[0])
            .ToList();
    }
}
