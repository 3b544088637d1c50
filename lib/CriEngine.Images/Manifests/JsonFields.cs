using System.Text.Json;
using CriEngine.Grpc;

namespace CriEngine.Images.Manifests;

/// <summary>
/// Typed reads of a parsed JSON document's fields. Absent and <c>null</c> fields read as absent; a
/// field of the wrong type is refused with InvalidArgument naming the document and the field's path.
/// </summary>
internal readonly struct JsonFields(string document)
{
    public RpcException Invalid(string path, string problem) => new(StatusCode.InvalidArgument, $"{document}: {path}: {problem}");

    public JsonElement? Optional(JsonElement parent, string name, string path, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != kind)
            throw Invalid(path, $"expected {Describe(kind)}, got {Describe(value.ValueKind)}");
        return value;
    }

    public JsonElement Required(JsonElement parent, string name, string path, JsonValueKind kind) =>
        Optional(parent, name, path, kind) ?? throw Invalid(path, "missing");

    public string? OptionalString(JsonElement parent, string name, string path) =>
        Optional(parent, name, path, JsonValueKind.String)?.GetString();

    public string RequiredString(JsonElement parent, string name, string path) =>
        Required(parent, name, path, JsonValueKind.String).GetString()!;

    public IReadOnlyList<string>? OptionalStrings(JsonElement parent, string name, string path)
    {
        if (Optional(parent, name, path, JsonValueKind.Array) is not { } array)
            return null;
        var strings = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
            strings.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Invalid($"{path}[{strings.Count}]", $"expected a string, got {Describe(item.ValueKind)}"));
        return strings;
    }

    public IReadOnlyDictionary<string, string>? OptionalStringMap(JsonElement parent, string name, string path)
    {
        if (Optional(parent, name, path, JsonValueKind.Object) is not { } map)
            return null;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
            result[entry.Name] = entry.Value.ValueKind == JsonValueKind.String
                ? entry.Value.GetString()!
                : throw Invalid($"{path}.{entry.Name}", $"expected a string, got {Describe(entry.Value.ValueKind)}");
        return result;
    }

    /// <summary>The keys of an object used as a set (<c>{"80/tcp": {}}</c>).</summary>
    public IReadOnlyList<string>? OptionalKeys(JsonElement parent, string name, string path) =>
        Optional(parent, name, path, JsonValueKind.Object)?.EnumerateObject().Select(entry => entry.Name).ToList();

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
