using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// One flag of crio(8): its names, the config key it sets (if any), and how its texts are read.
/// </summary>
/// <param name="Names">The flag's long name, short forms and environment variable.</param>
/// <param name="Key">The dotted key the flag sets, or null for a flag with no key.</param>
/// <param name="NotActedOnReason">Why the engine does not act on the flag, or null when it does; one that it does not is accepted with a warning, as such keys are.</param>
/// <param name="IsSwitch">A boolean flag: given alone it means true; a value goes after "=".</param>
/// <param name="IsList">The flag may be repeated, each occurrence adding a value.</param>
/// <param name="Expected">What the flag's text must be, for messages: "an integer".</param>
/// <param name="Read">The TOML value of the flag's texts, or null when one is not valid.</param>
internal sealed record CommandLineFlag(
    FlagNames Names,
    string? Key,
    string? NotActedOnReason,
    bool IsSwitch,
    bool IsList,
    string Expected,
    Func<IReadOnlyList<string>, TomlValue?> Read)
{
    public string Name => Names.Name;

    public bool ActedOn => NotActedOnReason is null;

    public bool IsNamed(string name) => name == Names.Name || Names.Aliases.Contains(name);
}
