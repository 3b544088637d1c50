namespace CriEngine.Config.Toml;

public sealed class TomlString(string value, TomlPosition position = default) : TomlValue(position)
{
    public string Value { get; } = value;

    public override TomlKind Kind => TomlKind.String;
}
