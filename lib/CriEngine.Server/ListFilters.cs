namespace CriEngine.Server;

/// <summary>The matching rules the CRI's list filters share.</summary>
internal static class ListFilters
{
    /// <summary>An empty filter ID matches all; otherwise a prefix does, as crictl's short IDs need.</summary>
    public static bool IdMatches(string wanted, string id) => wanted.Length == 0 || id.StartsWith(wanted, StringComparison.Ordinal);

    /// <summary>Every label of the selector present with the same value.</summary>
    public static bool LabelsMatch(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(wanted => labels.TryGetValue(wanted.Key, out var value) && value == wanted.Value);
}
