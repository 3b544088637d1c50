using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Grpc;
using CriEngine.Network.Namespaces;
using CriEngine.Platform.Processes;

namespace CriEngine.Network.Cni;

/// <summary>
/// Runs a network's plugins for a pod as libcni does: ADD through the list in order, each plugin
/// given the one before's result as <c>prevResult</c>; DEL in reverse order with the cached ADD
/// result (spec 0.4.0 and later). Each plugin gets its config with the network's name and
/// version, and the <c>runtimeConfig</c> entries its <c>capabilities</c> ask for. A whole ADD or
/// DEL is bounded by <paramref name="timeout"/>: a plugin still running then is killed.
/// </summary>
/// <param name="pluginDirs">Where plugins are looked for, in order; also the plugins' <c>CNI_PATH</c>.</param>
public sealed class CniInvoker(IReadOnlyList<string> pluginDirs, TimeSpan timeout)
{
    private static readonly Version PrevResultOnDelete = new(0, 4, 0);

    /// <summary>Attaches the pod; returns the last plugin's result (JSON).</summary>
    public async Task<string> AddAsync(CniAttachment attachment, CancellationToken cancellationToken = default)
    {
        var network = Network(attachment);
        var deadline = DateTime.UtcNow + timeout;
        JsonNode? result = null;
        foreach (var plugin in network.Plugins)
        {
            var output = await RunAsync("ADD", network, plugin, attachment, result, deadline, cancellationToken).ConfigureAwait(false);
            // A plugin that prints nothing passes the result before it on.
            if (output.Trim().Length > 0)
                result = JsonNode.Parse(output);
        }
        return result?.ToJsonString() ?? "{}";
    }

    /// <summary>
    /// Detaches the pod. Plugins must take a DEL of what is already gone as success, so repeating
    /// it is fine. A namespace no longer pinned (after a reboot) is passed as none, as the spec
    /// allows: the plugins then release what lives outside it, such as addresses and rules.
    /// </summary>
    public async Task DeleteAsync(CniAttachment attachment, CancellationToken cancellationToken = default)
    {
        if (attachment.NetnsPath.Length > 0 && !NetworkNamespace.IsPinned(attachment.NetnsPath))
            attachment = attachment with { NetnsPath = "" };
        var network = Network(attachment);
        var deadline = DateTime.UtcNow + timeout;
        var previous = attachment.Result is { } cached && Version.TryParse(network.CniVersion, out var version) && version >= PrevResultOnDelete
            ? JsonNode.Parse(cached)
            : null;
        foreach (var plugin in network.Plugins.Reverse())
            await RunAsync("DEL", network, plugin, attachment, previous, deadline, cancellationToken).ConfigureAwait(false);
    }

    private static CniNetworkConfigList Network(CniAttachment attachment)
    {
        try
        {
            return CniNetworkConfigList.Parse(attachment.ConfigList, isList: true);
        }
        catch (CniConfigException e)
        {
            throw new RpcException(StatusCode.Internal, $"pod {attachment.ContainerId}: its recorded CNI network config is unusable: {e.Message}", e);
        }
    }

    private async Task<string> RunAsync(string command, CniNetworkConfigList network, JsonObject plugin, CniAttachment attachment, JsonNode? previous, DateTime deadline, CancellationToken cancellationToken)
    {
        var type = plugin["type"]!.GetValue<string>();
        var what = $"pod {attachment.ContainerId}: CNI network {network.Name}: plugin {type} {command}";
        var program = Find(type) ?? throw new RpcException(StatusCode.FailedPrecondition, $"{what}: plugin {type} not found in {string.Join(":", pluginDirs)}");
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero)
            throw new RpcException(StatusCode.DeadlineExceeded, $"{what}: not started, the network's {timeout.TotalSeconds:0.###} s are spent");

        var spec = new ProcessSpec(program, [])
        {
            Environment = Environment(command, attachment),
            Stdin = Encoding.UTF8.GetBytes(PluginConfig(network, plugin, attachment, previous).ToJsonString()),
            Timeout = left,
        };
        ProcessResult run;
        try
        {
            run = await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessFailedException e) when (e.TimedOut)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, $"{what}: timed out after {timeout.TotalSeconds:0.###} s and was killed", e);
        }
        catch (ProcessFailedException e)
        {
            throw new RpcException(StatusCode.FailedPrecondition, $"{what}: {e.Message}", e);
        }
        if (!run.Succeeded)
            throw new RpcException(StatusCode.Internal, $"{what} failed (exit {run.ExitCode}): {CniPluginError.Describe(run.Stdout, run.Stderr)}");
        return run.Stdout;
    }

    private string? Find(string type) =>
        type.Contains('/') ? null : pluginDirs.Select(dir => Path.Combine(dir, type)).FirstOrDefault(File.Exists);

    /// <summary>The plugin's own settings plus what the runtime adds: name, version, capabilities' values, prevResult.</summary>
    private static JsonObject PluginConfig(CniNetworkConfigList network, JsonObject plugin, CniAttachment attachment, JsonNode? previous)
    {
        var config = (JsonObject)plugin.DeepClone();
        config["name"] = network.Name;
        config["cniVersion"] = network.CniVersion;
        var runtimeConfig = new JsonObject();
        foreach (var (capability, value) in CniCapabilityArgs.Of(attachment))
        {
            if (Capable(plugin, capability))
                runtimeConfig[capability] = value!.DeepClone();
        }
        if (runtimeConfig.Count > 0)
            config["runtimeConfig"] = runtimeConfig;
        if (previous is not null)
            config["prevResult"] = previous.DeepClone();
        return config;
    }

    private static bool Capable(JsonObject plugin, string capability) =>
        plugin["capabilities"]?[capability] is JsonValue value && value.TryGetValue<bool>(out var on) && on;

    /// <summary>The daemon's environment (plugins run iptables and the like through PATH) plus the CNI variables.</summary>
    private Dictionary<string, string> Environment(string command, CniAttachment attachment)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        environment["CNI_COMMAND"] = command;
        environment["CNI_CONTAINERID"] = attachment.ContainerId;
        environment["CNI_NETNS"] = attachment.NetnsPath;
        environment["CNI_IFNAME"] = attachment.InterfaceName;
        environment["CNI_ARGS"] = string.Join(';', attachment.Arguments.Select(pair => $"{pair.Key}={pair.Value}"));
        environment["CNI_PATH"] = string.Join(':', pluginDirs);
        return environment;
    }
}
