using System.Text.Json;
using System.Text.Json.Nodes;

namespace CriEngine.Network.Cni;

/// <summary>
/// A CNI network as a list of plugins, parsed from a <c>.conflist</c>, or from a <c>.conf</c> /
/// <c>.json</c> file holding one plugin (which becomes a list of one, as libcni does).
/// <paramref name="Json"/> is the network in list form (a <c>.conflist</c>'s own text): what a pod's
/// ADD used is kept with the pod, so its DEL runs the same plugins with the same settings even
/// after the file changed.
/// </summary>
public sealed record CniNetworkConfigList(string Name, string CniVersion, IReadOnlyList<JsonObject> Plugins, string Json)
{
    /// <summary>Parses a network config file's text; <see cref="CniConfigException"/> says what is wrong with it.</summary>
    public static CniNetworkConfigList Parse(string json, bool isList)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CniConfigException($"invalid JSON: {e.Message}");
        }
        if (root is not JsonObject network)
            throw new CniConfigException("not a JSON object");
        var name = Text(network, "name") ?? throw new CniConfigException("no network name");
        var version = Text(network, "cniVersion") ?? "0.1.0";

        IReadOnlyList<JsonObject> plugins;
        if (isList)
        {
            if (network["plugins"] is not JsonArray { Count: > 0 } list)
                throw new CniConfigException("no plugins in the list");
            plugins = list.Select(plugin => plugin is JsonObject entry && Text(entry, "type") is not null
                    ? entry
                    : throw new CniConfigException("a plugin without a type"))
                .ToList();
        }
        else
        {
            if (Text(network, "type") is null)
                throw new CniConfigException("no plugin type");
            plugins = [network];
            json = new JsonObject { ["cniVersion"] = version, ["name"] = name, ["plugins"] = new JsonArray(network.DeepClone()) }.ToJsonString();
        }
        return new CniNetworkConfigList(name, version, plugins, json);
    }

    private static string? Text(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
