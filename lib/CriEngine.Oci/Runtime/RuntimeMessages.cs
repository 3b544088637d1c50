using System.Text.Json;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// Turns what a runtime wrote on stderr with <c>--log-format json</c> into the plain sentences a
/// user reads: each JSON line gives its "msg", any other line stays as it is.
/// </summary>
internal static class RuntimeMessages
{
    public static string Plain(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join("; ", lines.Select(MessageOf).Where(line => line.Length > 0).Distinct());
    }

    private static string MessageOf(string line)
    {
        if (!line.StartsWith('{'))
            return line;
        try
        {
            return JsonSerializer.Deserialize(line, RuntimeJsonContext.Default.RuntimeLogLine)?.Message?.Trim() ?? line;
        }
        catch (JsonException)
        {
            return line;
        }
    }
}
