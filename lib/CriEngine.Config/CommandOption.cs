namespace CriEngine.Config;

/// <summary>An option of one subcommand, such as <c>config --default</c> or <c>version --json</c>.</summary>
/// <param name="IsSwitch">Given alone it means "true"; otherwise it takes a value.</param>
public sealed record CommandOption(string Name, bool IsSwitch, params string[] Aliases)
{
    public bool IsNamed(string name) => name == Name || Aliases.Contains(name);
}
