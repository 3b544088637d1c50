using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// The type of a config value: how it is read from TOML (with CRI-O's strictness: a value of
/// another TOML type is an error), written back to TOML, and written as JSON.
/// </summary>
internal abstract class ValueKind<T>
{
    /// <summary>What a value must be, for messages: "a string".</summary>
    public abstract string Expected { get; }

    /// <summary>The TOML type that values of this kind are written as.</summary>
    protected abstract TomlKind TomlKind { get; }

    public bool TryRead(TomlValue value, [MaybeNullWhen(false)] out T result, out string reason)
    {
        if (TryConvert(value, out result))
        {
            reason = "";
            return true;
        }
        // "not a string" would be odd for a string that is no duration, or an array holding numbers.
        reason = value.Kind == TomlKind ? $"must be {Expected}" : $"must be {Expected}, not {Describe(value.Kind)}";
        return false;
    }

    public abstract TomlValue ToToml(T value);

    /// <summary>A flag of this kind given alone on the command line means true.</summary>
    public virtual bool IsSwitch => false;

    /// <summary>A flag of this kind may be given again, each value adding to the list.</summary>
    public virtual bool IsList => false;

    /// <summary>What a flag's text must be, for messages.</summary>
    public virtual string FlagExpected => Expected;

    /// <summary>
    /// The TOML value that a flag's texts (each time it was given, in order) stand for, or null
    /// when a text is not of this kind. A flag given twice keeps its last value.
    /// </summary>
    public virtual TomlValue? FromFlag(IReadOnlyList<string> texts)
    {
        var value = new TomlScalar(texts[^1]);
        return TryConvert(value, out _) ? value : null;
    }

    public abstract void WriteJson(Utf8JsonWriter writer, T value);

    public string Format(T value) => TomlFormat.Value(ToToml(value));

    protected abstract bool TryConvert(TomlValue value, [MaybeNullWhen(false)] out T result);

    private static string Describe(TomlKind kind) => kind switch
    {
        TomlKind.String => "a string",
        TomlKind.Integer => "an integer",
        TomlKind.Float => "a float",
        TomlKind.Boolean => "a boolean",
        TomlKind.Array => "an array",
        TomlKind.Table => "a table",
        _ => "a date-time",
    };
}
