namespace CriEngine.Config.Toml;

public sealed class TomlInteger(long value, TomlPosition position = default) : TomlValue(position)
{
    public long Value { get; } = value;

    public override TomlKind Kind => TomlKind.Integer;
}
