namespace CriEngine.Config.Toml;

public sealed class TomlFloat(double value, TomlPosition position = default) : TomlValue(position)
{
    public double Value { get; } = value;

    public override TomlKind Kind => TomlKind.Float;
}
