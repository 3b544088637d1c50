using System.Text.Json;
using System.Text.Json.Nodes;

namespace CriEngine.Network.Cni;

/// <summary>A failed plugin's own words: the CNI error object on its stdout (<c>code</c>, <c>msg</c>, <c>details</c>), else its stderr.</summary>
internal static class CniPluginError
{
    public static string Describe(string stdout, string stderr)
    {
        try
        {
            if (JsonNode.Parse(stdout) is JsonObject error && Text(error["msg"]) is { Length: > 0 } message)
            {
                var details = Text(error["details"]);
                var code = error["code"] is JsonValue value && value.TryGetValue<int>(out var number) ? $" (code {number})" : "";
                return string.IsNullOrEmpty(details) ? $"{message}{code}" : $"{message}: {details}{code}";
            }
        }
        catch (JsonException)
        {
            // Not the error object: fall back to what it printed.
        }
        var said = (stderr.Trim().Length > 0 ? stderr : stdout).Trim();
        return said.Length > 0 ? said : "no message";
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
