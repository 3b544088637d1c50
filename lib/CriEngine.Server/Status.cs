using System.Text.Json.Nodes;
using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Network.Cni;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public const string NetworkNotReadyReason = "NetworkPluginNotReady";

    public Task<StatusResponse> Status(StatusRequest request, CallContext context)
    {
        var snapshot = config.Current.Config;
        var network = engine.Network();
        var response = new StatusResponse
        {
            Status = new RuntimeStatus
            {
                Conditions =
                {
                    new RuntimeCondition { Type = "RuntimeReady", Status = true },
                    network.Ready
                        ? new RuntimeCondition { Type = "NetworkReady", Status = true }
                        : new RuntimeCondition { Type = "NetworkReady", Status = false, Reason = NetworkNotReadyReason, Message = $"Network plugin returns error: {network.Message}" },
                },
            },
        };
        // The default handler is listed under the empty name too, as the kubelet looks it up that way.
        response.RuntimeHandlers.Add(Handler(""));
        foreach (var name in snapshot.Runtime.Runtimes.Keys.Order(StringComparer.Ordinal))
            response.RuntimeHandlers.Add(Handler(name));
        if (request.Verbose)
        {
            response.Info.Add("config", ConfigRenderer.ToJson(snapshot));
            response.Info.Add("cniconfig", CniStatusJson(snapshot.Network, network));
        }
        return Task.FromResult(response);

        static RuntimeHandler Handler(string name) => new() { Name = name, Features = new RuntimeHandlerFeatures() };
    }

    /// <summary>The CNI side of <c>crictl info</c>, as containerd shows it: where configs and plugins are looked for, and the network in use.</summary>
    private static string CniStatusJson(NetworkSection settings, CniNetworkStatus network) => new JsonObject
    {
        ["networkDir"] = settings.NetworkDir,
        ["pluginDirs"] = new JsonArray([.. settings.PluginDirs.Select(dir => (JsonNode)JsonValue.Create(dir))]),
        ["network"] = network.Network?.Name,
        ["file"] = network.ConfigFile,
        ["config"] = network.Network is { } chosen ? JsonNode.Parse(chosen.Json) : null,
        ["message"] = network.Message,
    }.ToJsonString();
}
