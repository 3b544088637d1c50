using CriEngine.Config;
using CriEngine.Config.Toml;

namespace CriEngine.Images.Registries;

/// <summary>
/// Reads typed values out of one parsed registries.conf file, recording a problem with its
/// file, line, key and value for each value of the wrong type or form instead of stopping at
/// the first, so that one load reports everything wrong with the file.
/// </summary>
internal sealed class TomlFieldReader(string path, List<ConfigIssue> issues)
{
    public ValueOrigin OriginOf(TomlValue value) => new(path, value.Position.Line, value.Position.Column);

    /// <summary>A problem with a value: printed with the value itself.</summary>
    public void Problem(TomlValue value, string keyPath, string reason) =>
        issues.Add(new ConfigIssue(OriginOf(value), keyPath, TomlFormat.Value(value), reason));

    /// <summary>A problem with a table as a whole (a missing key, a conflict with another table).</summary>
    public void TableProblem(TomlTable table, string keyPath, string reason) =>
        issues.Add(new ConfigIssue(new ValueOrigin(path, table.Position.Line), keyPath, null, reason));

    /// <summary>A table or an array; null when the key is absent or holds something else, which is recorded.</summary>
    public T? Get<T>(TomlTable table, string key, string keyPath, string expected) where T : TomlValue
    {
        if (!table.TryGetValue(key, out var value))
            return null;
        if (value is T typed)
            return typed;
        Problem(value, keyPath, $"must be {expected}");
        return null;
    }

    /// <summary>A string, with the place it was written; null when the key is absent or not a string.</summary>
    public TomlScalar? Text(TomlTable table, string key, string keyPath)
    {
        if (!table.TryGetValue(key, out var value))
            return null;
        if (value is TomlScalar { Value: string })
            return (TomlScalar)value;
        Problem(value, keyPath, "must be a string");
        return null;
    }

    public bool Boolean(TomlTable table, string key, string keyPath)
    {
        if (!table.TryGetValue(key, out var value))
            return false;
        if (value is TomlScalar { Value: bool boolean })
            return boolean;
        Problem(value, keyPath, "must be true or false");
        return false;
    }

    /// <summary>The strings of an array; null when the key is absent or not an array of strings.</summary>
    public IReadOnlyList<TomlScalar>? Strings(TomlTable table, string key, string keyPath)
    {
        if (Get<TomlArray>(table, key, keyPath, "an array of strings") is not { } array)
            return null;
        if (array.All(item => item is TomlScalar { Value: string }))
            return array.Cast<TomlScalar>().ToList();
        Problem(array, keyPath, "must be an array of strings");
        return null;
    }

    public IReadOnlyList<TomlTable> Tables(TomlTable table, string key, string keyPath)
    {
        if (Get<TomlArray>(table, key, keyPath, "an array of tables") is not { } array)
            return [];
        if (array.All(item => item is TomlTable))
            return array.Cast<TomlTable>().ToList();
        Problem(array, keyPath, "must be an array of tables");
        return [];
    }

    /// <summary>
    /// A registry location or prefix: trailing slashes dropped, URI schemes refused as in
    /// containers/image, then checked by <paramref name="isValid"/>. Empty when the key is absent;
    /// null after recording a problem.
    /// </summary>
    public string? Location(TomlTable table, string key, string keyPath, Func<string, bool> isValid, string expected) =>
        table.ContainsKey(key)
            ? Text(table, key, keyPath) is { } value ? Location(value, keyPath, isValid, expected) : null
            : "";

    /// <param name="value">A string, as <see cref="Text"/> and <see cref="Strings"/> return.</param>
    public string? Location(TomlScalar value, string keyPath, Func<string, bool> isValid, string expected)
    {
        var text = ((string)value.Value).TrimEnd('/');
        if (text.StartsWith("http://", StringComparison.Ordinal) || text.StartsWith("https://", StringComparison.Ordinal))
        {
            Problem(value, keyPath, "URI schemes are not supported: write host[:port], not a URL");
            return null;
        }
        if (text.Length > 0 && !isValid(text))
        {
            Problem(value, keyPath, $"must be {expected}");
            return null;
        }
        return text;
    }
}
