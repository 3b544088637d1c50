using System.Text.Json;

namespace CriEngine.Network;

/// <summary>
/// Finds the CNI network pods use, as CRI-O does: the files of <c>network_dir</c> with the
/// extensions .conf, .conflist and .json, in lexical order; the one named
/// <c>cni_default_network</c> when that is set, else the first valid one. A file that does not
/// parse, or lacks a name or a plugin type, is skipped and named in the message.
/// </summary>
public static class CniConfigDirectory
{
    private static readonly string[] Extensions = [".conf", ".conflist", ".json"];

    public static CniNetworkStatus Scan(string networkDir, string defaultNetwork)
    {
        string[] files;
        try
        {
            files = Directory.Exists(networkDir)
                ? Directory.GetFiles(networkDir).Where(f => Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToArray()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NotReady($"cannot read CNI config directory {networkDir}: {e.Message}");
        }

        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = ReadNetworkName(file, out var problem);
            if (name is null)
            {
                problems.Add($"{Path.GetFileName(file)}: {problem}");
                continue;
            }
            if (defaultNetwork.Length == 0 || name == defaultNetwork)
                return new CniNetworkStatus(true, name, file, $"network {name} from {file}");
        }

        var reason = defaultNetwork.Length > 0
            ? $"default CNI network {defaultNetwork} not found in {networkDir}"
            : $"no CNI configuration file in {networkDir} (has your network provider started?)";
        return NotReady(problems.Count == 0 ? reason : $"{reason}; skipped: {string.Join("; ", problems)}");
    }

    private static CniNetworkStatus NotReady(string message) => new(false, null, null, message);

    private static string? ReadNetworkName(string file, out string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail("not a JSON object", out problem);
            if (!root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } networkName)
                return Fail("no network name", out problem);
            if (Path.GetExtension(file) == ".conflist")
            {
                if (!root.TryGetProperty("plugins", out var plugins) || plugins.ValueKind != JsonValueKind.Array || plugins.GetArrayLength() == 0)
                    return Fail("no plugins in the list", out problem);
                foreach (var plugin in plugins.EnumerateArray())
                {
                    if (!HasType(plugin))
                        return Fail("a plugin without a type", out problem);
                }
            }
            else if (!HasType(root))
            {
                return Fail("no plugin type", out problem);
            }
            problem = "";
            return networkName;
        }
        catch (JsonException e)
        {
            return Fail($"invalid JSON: {e.Message}", out problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message, out problem);
        }

        static bool HasType(JsonElement plugin) =>
            plugin.ValueKind == JsonValueKind.Object && plugin.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString()!.Length > 0;

        static string? Fail(string reason, out string problem)
        {
            problem = reason;
            return null;
        }
    }
}
