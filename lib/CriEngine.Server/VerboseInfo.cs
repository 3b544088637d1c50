using System.Text.Json.Nodes;
using CriEngine.Server.State;

namespace CriEngine.Server;

/// <summary>
/// The "info" of a verbose ContainerStatus or PodSandboxStatus, the JSON CRI-O puts there and
/// crictl inspect shows: for a container its pod, process, runtime spec and whether it is
/// privileged; for a pod its infra container's image, process and runtime spec. (CRI-O adds
/// checkpoint fields with CRIU support on; this engine neither checkpoints nor restores.)
/// </summary>
internal static class VerboseInfo
{
    public static async Task<string> ContainerAsync(ContainerRecord container, bool privileged, CancellationToken cancellationToken) =>
        new JsonObject
        {
            ["sandboxID"] = container.PodId,
            ["pid"] = container.Pid,
            ["runtimeSpec"] = await SpecAsync(container.Bundle, cancellationToken).ConfigureAwait(false),
            ["privileged"] = privileged,
        }.ToJsonString();

    public static async Task<string> SandboxAsync(PodRecord pod, string bundle, CancellationToken cancellationToken) =>
        new JsonObject
        {
            ["image"] = pod.PauseImage,
            ["pid"] = pod.InfraPid,
            ["runtimeSpec"] = await SpecAsync(bundle, cancellationToken).ConfigureAwait(false),
        }.ToJsonString();

    private static async Task<JsonNode?> SpecAsync(string bundle, CancellationToken cancellationToken)
    {
        var spec = Path.Combine(bundle, "config.json");
        return File.Exists(spec) ? JsonNode.Parse(await File.ReadAllTextAsync(spec, cancellationToken).ConfigureAwait(false)) : null;
    }
}
