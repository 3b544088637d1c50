using System.Globalization;
using System.Text.Json.Nodes;
using SharpYaml;
using SharpYaml.Events;

namespace CriEngine.Platform.Yaml;

/// <summary>
/// A YAML document as the JSON it stands for, as Go programs read YAML configuration
/// (sigs.k8s.io/yaml converts to JSON before decoding): mappings become objects with string
/// keys, plain scalars that read as null, booleans or numbers become those, everything else a
/// string. The JSON is then decoded by the callers' source-generated contexts, so no type is
/// bound by reflection (Native AOT).
/// </summary>
public static class YamlJson
{
    /// <summary>The first document of <paramref name="text"/>; null for an empty stream or a null document.</summary>
    /// <exception cref="FormatException">The text is no valid YAML, or uses what JSON cannot hold (a non-scalar key, an unknown alias).</exception>
    public static JsonNode? Parse(string text)
    {
        try
        {
            var parser = Parser.CreateParser(new StringReader(text));
            var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case StreamStart or DocumentStart:
                        continue;
                    case StreamEnd or DocumentEnd:
                        return null;
                    default:
                        return Node(parser, anchors);
                }
            }
            return null;
        }
        catch (YamlException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static JsonNode? Node(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        var current = parser.Current;
        JsonNode? node;
        switch (current)
        {
            case AnchorAlias alias:
                return anchors.TryGetValue(alias.Value, out var anchored)
                    ? anchored?.DeepClone()
                    : throw new FormatException($"unknown alias *{alias.Value} at {alias.Start}");
            case Scalar scalar:
                node = ScalarValue(scalar);
                break;
            case SequenceStart:
                var array = new JsonArray();
                while (Next(parser) is not SequenceEnd)
                    array.Add(Node(parser, anchors));
                node = array;
                break;
            case MappingStart:
                var map = new JsonObject();
                while (Next(parser) is not MappingEnd)
                {
                    if (parser.Current is not Scalar key)
                        throw new FormatException($"a mapping key at {parser.Current!.Start} is not a scalar");
                    Next(parser);
                    // A repeated key: the last value wins, as in Go's YAML-to-JSON conversion.
                    map[key.Value] = Node(parser, anchors);
                }
                node = map;
                break;
            default:
                throw new FormatException($"unexpected {current?.GetType().Name} at {current?.Start}");
        }
        if (current is NodeEvent { Anchor: { Length: > 0 } anchor })
            anchors[anchor] = node;
        return node;
    }

    private static ParsingEvent Next(IParser parser) =>
        parser.MoveNext() && parser.Current is { } next ? next : throw new FormatException("the document ends inside a collection");

    private static JsonNode? ScalarValue(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || scalar.Tag is { Length: > 0 })
            return scalar.Tag is "tag:yaml.org,2002:int" or "!!int" && long.TryParse(text, CultureInfo.InvariantCulture, out var tagged) ? JsonValue.Create(tagged) : JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (Integer(text) is { } integer)
            return JsonValue.Create(integer);
        if (IsDecimalNumber(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }

    /// <summary>Decimal, <c>0x</c> hex, and octal with <c>0o</c> or a leading <c>0</c> (YAML 1.1, as Go's YAML reads file modes such as <c>0644</c>).</summary>
    private static long? Integer(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-', '+');
        if (digits.Length == 0 || text.Length - digits.Length > 1)
            return null;
        long value;
        if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            if (!long.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
                return null;
        }
        else if (digits.StartsWith("0o", StringComparison.Ordinal) || (digits.Length > 1 && digits[0] == '0'))
        {
            var octal = digits.StartsWith("0o", StringComparison.Ordinal) ? digits[2..] : digits[1..];
            if (octal.Length == 0 || octal.Any(c => c is < '0' or > '7'))
                return null;
            value = Convert.ToInt64(octal, 8);
        }
        else if (digits.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
                return null;
        }
        else
        {
            return null;
        }
        return negative ? -value : value;
    }

    private static bool IsDecimalNumber(string text) =>
        text.Any(char.IsAsciiDigit) && text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+');
}
