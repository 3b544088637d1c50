using System.Text.Json.Nodes;
using CriEngine.Api;
using CriEngine.Config;
using CriEngine.Grpc;
using CriEngine.Network.Cni;
using CriEngine.Oci.Runtime;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public const string NetworkNotReadyReason = "NetworkPluginNotReady";

    public async Task<StatusResponse> Status(StatusRequest request, CallContext context)
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
            // The spec builder leaves out the image's /etc/group memberships under Strict.
            Features = new Api.RuntimeFeatures { SupplementalGroupsPolicy = true },
        };
        // The default handler is listed under the empty name too, as the kubelet looks it up that way.
        response.RuntimeHandlers.Add(await HandlerAsync("", snapshot.Runtime.DefaultRuntime).ConfigureAwait(false));
        foreach (var name in snapshot.Runtime.Runtimes.Keys.Order(StringComparer.Ordinal))
            response.RuntimeHandlers.Add(await HandlerAsync(name, name).ConfigureAwait(false));
        if (request.Verbose)
        {
            response.Info.Add("config", ConfigRenderer.ToJson(snapshot));
            response.Info.Add("cniconfig", CniStatusJson(snapshot.Network, network));
            response.Info.Add("stalledResources", StalledJson());
        }
        return response;

        // What the handler's runtime says it can do, as the engine then honours it: user namespaces
        // (the rootfs is given to the pod's ids even without idmapped mounts) and rro mounts.
        async Task<RuntimeHandler> HandlerAsync(string name, string configured)
        {
            var features = snapshot.Runtime.Runtimes.TryGetValue(configured, out var handler)
                && Pods.RuntimeLocation.PathOf(configured, handler) is { } path
                ? await HandlerFeaturesProbe.ProbeAsync(path).ConfigureAwait(false)
                : HandlerFeatures.None("the runtime is not found");
            return new()
            {
                Name = name,
                Features = new RuntimeHandlerFeatures { UserNamespaces = features.UserNamespaces, RecursiveReadOnlyMounts = features.RecursiveReadOnly },
            };
        }
    }

    /// <summary>
    /// Creations whose caller's deadline passed, by kind and the stage each is at (what CRI-O's
    /// <c>crio_resources_stalled_at_stage</c> counts): pods and containers still being made, or
    /// made and waiting for the kubelet's retry to collect them.
    /// </summary>
    private string StalledJson() => new JsonObject
    {
        ["sandboxes"] = Counts(pods.StalledCreations()),
        ["containers"] = Counts(containers.StalledCreations()),
    }.ToJsonString();

    private static JsonObject Counts(IReadOnlyDictionary<string, int> byStage) =>
        new(byStage.Select(stage => KeyValuePair.Create(stage.Key, (JsonNode?)stage.Value)));

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
