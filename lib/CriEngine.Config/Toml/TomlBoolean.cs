namespace CriEngine.Config.Toml;

public sealed class TomlBoolean(bool value, TomlPosition position = default) : TomlValue(position)
{
    public bool Value { get; } = value;

    public override TomlKind Kind => TomlKind.Boolean;
}
