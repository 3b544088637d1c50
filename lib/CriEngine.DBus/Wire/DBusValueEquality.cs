using System.Collections;

namespace CriEngine.DBus.Wire;

/// <summary>
/// Equality of unmarshalled values: arrays arrive as lists, so two values are equal when their
/// elements are, recursively; everything else uses its own Equals.
/// </summary>
internal static class DBusValueEquality
{
    public static bool ValuesEqual(object? first, object? second) => (first, second) switch
    {
        (string a, string b) => a == b,
        (IEnumerable a, IEnumerable b) => SequenceEqual(a.Cast<object>().ToList(), b.Cast<object>().ToList()),
        _ => Equals(first, second),
    };

    public static bool SequenceEqual(IReadOnlyList<object> first, IReadOnlyList<object> second) =>
        first.Count == second.Count && first.Zip(second).All(pair => ValuesEqual(pair.First, pair.Second));
}
