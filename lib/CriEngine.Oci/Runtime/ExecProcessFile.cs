using System.Text.Json;
using System.Text.Json.Nodes;
using CriEngine.Grpc;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// The process file of a command run in a container (<c>runtime exec --process</c>): the
/// container's own process from its config.json (working directory, environment, user,
/// capabilities) with the command's arguments, as CRI-O writes it.
/// </summary>
public static class ExecProcessFile
{
    public static async Task WriteAsync(string containerId, string bundleDirectory, IReadOnlyList<string> command, bool terminal, string path, CancellationToken cancellationToken)
    {
        var configPath = Path.Combine(bundleDirectory, "config.json");
        JsonNode? config;
        try
        {
            config = JsonNode.Parse(await File.ReadAllBytesAsync(configPath, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: exec: cannot read {configPath}: {e.Message}", e);
        }
        if (config?["process"]?.DeepClone() is not JsonObject process)
            throw new RpcException(StatusCode.FailedPrecondition, $"container {containerId}: exec: {configPath} has no process");
        process["args"] = new JsonArray([.. command.Select(argument => (JsonNode?)JsonValue.Create(argument))]);
        process["terminal"] = terminal;
        await File.WriteAllTextAsync(path, process.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }
}
