using System.Text.Json.Nodes;

namespace CriEngine.Network.Cni;

/// <summary>
/// A pod's CNI capability arguments as libcni holds them (its <c>RuntimeConf.CapabilityArgs</c>):
/// what a plugin gets in <c>runtimeConfig</c> when its config declares the capability, and what
/// the result cache keeps under <c>capabilityArgs</c>.
/// </summary>
public static class CniCapabilityArgs
{
    private const string PortMappings = "portMappings";
    private const string Dns = "dns";

    /// <summary>The attachment's arguments by capability; one without a value is left out.</summary>
    public static JsonObject Of(CniAttachment attachment)
    {
        var arguments = new JsonObject();
        if (attachment.PortMappings.Count > 0)
            arguments[PortMappings] = new JsonArray(attachment.PortMappings.Select(PortMapping).ToArray());
        if (attachment.Dns is { } dns)
        {
            arguments[Dns] = new JsonObject
            {
                ["servers"] = Strings(dns.Servers),
                ["searches"] = Strings(dns.Searches),
                ["options"] = Strings(dns.Options),
            };
        }
        return arguments;
    }

    /// <summary>The port mappings and DNS settings in <paramref name="arguments"/>, as <see cref="Of"/> writes them.</summary>
    public static (IReadOnlyList<CniPortMapping> PortMappings, CniDns? Dns) Read(JsonObject? arguments)
    {
        var ports = (arguments?[PortMappings] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(port => new CniPortMapping(Number(port["hostPort"]), Number(port["containerPort"]), Text(port["protocol"]) ?? "tcp", Text(port["hostIP"]) ?? ""))
            .ToList();
        var dns = arguments?[Dns] is JsonObject settings
            ? new CniDns(Texts(settings["servers"]), Texts(settings["searches"]), Texts(settings["options"]))
            : null;
        return (ports, dns);
    }

    private static JsonObject PortMapping(CniPortMapping mapping)
    {
        var node = new JsonObject
        {
            ["hostPort"] = mapping.HostPort,
            ["containerPort"] = mapping.ContainerPort,
            ["protocol"] = mapping.Protocol,
        };
        if (mapping.HostIp.Length > 0)
            node["hostIP"] = mapping.HostIp;
        return node;
    }

    private static JsonArray Strings(IReadOnlyList<string> values) => new(values.Select(value => (JsonNode)JsonValue.Create(value)).ToArray());

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;

    private static IReadOnlyList<string> Texts(JsonNode? node) => (node as JsonArray ?? []).Select(Text).OfType<string>().ToList();
}
