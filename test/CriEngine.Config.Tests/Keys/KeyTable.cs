using System.Text;
using CriEngine.Config.Schema;

namespace CriEngine.Config.Tests.Keys;

/// <summary>docs/crio-keys.md: every crio.conf(5) key and crio(8) flag, acted on or not and why, from the key table.</summary>
internal static class KeyTable
{
    public static string Markdown()
    {
        var keys = SchemaKey.All;
        var flags = CommandLineFlags.All.Where(flag => flag.Key is null).ToList();
        var text = new StringBuilder();
        text.Append("# crio.conf(5) keys and crio(8) flags in CriEngine\n\n");
        text.Append("Generated from the key table (`lib/CriEngine.Config/Schema`) by `make keys-table`; a test fails when this file\n");
        text.Append("is stale, and another when a key's mark disagrees with the code that reads it. A key or flag not acted on is\n");
        text.Append("accepted; set to other than its default, it is named in a warning with where it was set and the reason.\n\n");
        text.Append($"{keys.Count} keys, {keys.Count(key => key.ActedOn)} acted on; {flags.Count} flags without a key, {flags.Count(flag => flag.ActedOn)} acted on.\n\n");
        text.Append("## crio.conf(5) keys\n\n| Key | crio(8) flag | CriEngine |\n|---|---|---|\n");
        foreach (var key in keys)
            text.Append($"| `{key.Path}` | {(key.Flag is { } flag ? $"`--{flag}`" : "")} | {Mark(key.ActedOn, key.NotActedOnReason)} |\n");
        text.Append("\n## crio(8) flags without a key\n\n| Flag | CriEngine |\n|---|---|\n");
        foreach (var flag in flags)
            text.Append($"| `--{flag.Name}` | {Mark(flag.ActedOn, flag.NotActedOnReason)} |\n");
        return text.ToString();
    }

    private static string Mark(bool actedOn, string? reason) => actedOn ? "acted on" : $"not acted on: {reason?.Replace("|", "\\|", StringComparison.Ordinal)}";
}
