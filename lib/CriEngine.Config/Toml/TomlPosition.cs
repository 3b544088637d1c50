namespace CriEngine.Config.Toml;

/// <summary>A 1-based line and column in a TOML source.</summary>
public readonly record struct TomlPosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}
