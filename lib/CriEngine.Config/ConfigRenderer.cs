using System.Text;
using System.Text.Json;
using CriEngine.Config.Schema;

namespace CriEngine.Config;

/// <summary>The effective configuration as text: commented TOML for <c>criengine config</c>, JSON for the CRI Status verbose info.</summary>
public static class ConfigRenderer
{
    /// <summary>
    /// Every key with its value, each table and key under a one-line comment, as
    /// <c>crio config</c> writes them: a key at its built-in default is commented out
    /// (<c># key = value</c>), a key that differs is written plainly, so a tool may append a key
    /// without making a duplicate. The text loads back to an equal config.
    /// </summary>
    public static string ToToml(CrioConfig config)
    {
        var writer = new ConfigTextWriter();
        writer.Comment("CriEngine configuration, in the format of CRI-O's crio.conf(5).");
        writer.Comment($"Read from {ConfigSources.DefaultMainFile}, then the files under {ConfigSources.DefaultDropInDirectory}");
        writer.Comment("in lexical order, then the command-line flags; a later value wins.");
        ConfigSchema.Tree.Render(config, ConfigSchema.Defaults, KeyPath.Root, writer);
        return writer.ToString();
    }

    /// <summary>Every key with its value, in objects nested as the TOML tables are, under their TOML names.</summary>
    public static string ToJson(CrioConfig config)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            ConfigSchema.Tree.WriteJson(config, writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
