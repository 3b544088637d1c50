using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// One command-line flag that sets a config key: how its text is read into
/// <see cref="ConfigFlags"/>, and the TOML value it applies to the key after the files.
/// </summary>
internal sealed class CommandLineFlag(
    string name,
    string key,
    string expected,
    bool isSwitch,
    Func<ConfigFlags, string, ConfigFlags?> read,
    Func<ConfigFlags, TomlValue?> value)
{
    public string Name { get; } = name;

    /// <summary>The dotted key the flag sets.</summary>
    public IReadOnlyList<string> Key { get; } = key.Split('.');

    /// <summary>What the flag's text must be, for messages: "an integer".</summary>
    public string Expected { get; } = expected;

    /// <summary>A boolean flag: given alone it means true; a value goes after "=".</summary>
    public bool IsSwitch { get; } = isSwitch;

    /// <summary>The flags with this one's text applied, or null when the text is not a valid value.</summary>
    public ConfigFlags? Read(ConfigFlags flags, string text) => read(flags, text);

    /// <summary>The value to apply, or null when the flag was not given.</summary>
    public TomlValue? Value(ConfigFlags flags) => value(flags);
}
