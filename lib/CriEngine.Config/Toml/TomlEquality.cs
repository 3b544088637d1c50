namespace CriEngine.Config.Toml;

/// <summary>
/// Structural equality of values: same kinds and contents, ignoring positions, table key order
/// (TOML gives it no meaning) and how a table or array was written.
/// </summary>
internal static class TomlEquality
{
    public static bool DeepEquals(TomlValue a, TomlValue b) => (a, b) switch
    {
        (TomlString x, TomlString y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal),
        (TomlInteger x, TomlInteger y) => x.Value == y.Value,
        (TomlFloat x, TomlFloat y) => FloatEquals(x.Value, y.Value),
        (TomlBoolean x, TomlBoolean y) => x.Value == y.Value,
        (TomlDateTime x, TomlDateTime y) => x.Date == y.Date && x.Time == y.Time && x.Offset == y.Offset,
        (TomlArray x, TomlArray y) => x.Count == y.Count && x.Zip(y).All(pair => DeepEquals(pair.First, pair.Second)),
        (TomlTable x, TomlTable y) => x.Count == y.Count
            && x.All(entry => y.TryGetValue(entry.Key, out var other) && DeepEquals(entry.Value, other)),
        _ => false,
    };

    /// <summary>Any NaN equals any NaN (TOML does not distinguish them); otherwise bit equality, so 0.0 differs from -0.0.</summary>
    private static bool FloatEquals(double x, double y) =>
        (double.IsNaN(x) && double.IsNaN(y)) || BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y);
}
