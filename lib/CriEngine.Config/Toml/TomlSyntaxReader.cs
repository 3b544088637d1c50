using Tomlyn.Syntax;

namespace CriEngine.Config.Toml;

/// <summary>
/// Gathers a syntax tree that Tomlyn has checked into tables. TOML lets one table be written in
/// pieces (its header, sub-table headers, dotted keys) and the engine reads a table whole; every
/// value keeps the place it was written.
/// </summary>
internal sealed class TomlSyntaxReader(string source)
{
    public TomlTable Read(DocumentSyntax document)
    {
        var root = new TomlTable(new TomlPosition(1, 1));
        foreach (var keyValue in document.KeyValues)
            Assign(root, keyValue);
        foreach (var header in document.Tables)
        {
            var table = Open(root, header);
            foreach (var keyValue in header.Items)
                Assign(table, keyValue);
        }
        return root;
    }

    private TomlTable Open(TomlTable root, TableSyntaxBase header)
    {
        var at = PositionOf(header);
        var (parent, name) = Walk(root, header.Name!, at);
        parent.TryGetValue(name, out var existing);
        if (header is TableArraySyntax)
        {
            var element = new TomlTable(at);
            if (existing is null)
                parent.Add(name, new TomlArray([element], at));
            else if (existing is TomlArray array)
                array.Add(element);
            else
                throw AlreadyDefined(name, at);
            return element;
        }
        switch (existing)
        {
            case null:
                var table = new TomlTable(at);
                parent.Add(name, table);
                return table;
            case TomlTable created:
                // Created as the parent of an earlier header: it is defined here.
                created.Position = at;
                return created;
            default:
                throw AlreadyDefined(name, at);
        }
    }

    private void Assign(TomlTable table, KeyValueSyntax keyValue)
    {
        var at = PositionOf(keyValue.Key!);
        var (parent, name) = Walk(table, keyValue.Key!, at);
        if (parent.ContainsKey(name))
            throw AlreadyDefined(name, at);
        parent.Add(name, Convert(keyValue.Value!));
    }

    /// <summary>The table that the last part of <paramref name="key"/> names a key of, creating the tables named on the way.</summary>
    private (TomlTable Parent, string Name) Walk(TomlTable table, KeySyntax key, TomlPosition at)
    {
        var names = NamesOf(key);
        foreach (var name in names.SkipLast(1))
        {
            if (!table.TryGetValue(name, out var existing))
            {
                var created = new TomlTable(at);
                table.Add(name, created);
                table = created;
                continue;
            }
            table = existing switch
            {
                TomlTable child => child,
                // A header path goes into the latest table of an array of tables.
                TomlArray { Count: > 0 } array when array[^1] is TomlTable latest => latest,
                _ => throw AlreadyDefined(name, at),
            };
        }
        return (table, names[^1]);
    }

    private TomlValue Convert(ValueSyntax value)
    {
        var at = PositionOf(value);
        switch (value)
        {
            case StringValueSyntax text:
                return new TomlScalar(text.Value!, at);
            case IntegerValueSyntax integer:
                // Tomlyn wraps hexadecimal, octal and binary literals beyond 64 bits; TOML has no sign there, so negative means wrapped.
                if (integer.Value < 0 && integer.Token?.TokenKind is TokenKind.IntegerHexa or TokenKind.IntegerOctal or TokenKind.IntegerBinary)
                    throw new TomlParseException(source, at.Line, at.Column, "integer out of range");
                return new TomlScalar(integer.Value, at);
            case FloatValueSyntax number:
                // Tomlyn reads 1e400 as infinity; only inf is infinity in TOML.
                if (double.IsInfinity(number.Value) && number.Token?.TokenKind == TokenKind.Float)
                    throw new TomlParseException(source, at.Line, at.Column, "float out of range");
                return new TomlScalar(number.Value, at);
            case BooleanValueSyntax boolean:
                return new TomlScalar(boolean.Value, at);
            case DateTimeValueSyntax dateTime:
                return new TomlScalar(dateTime.Value, at);
            case ArraySyntax array:
                return new TomlArray(array.Items.Select(item => Convert(item.Value!)), at);
            case InlineTableSyntax inline:
                var table = new TomlTable(at);
                foreach (var item in inline.Items)
                    Assign(table, item.KeyValue!);
                return table;
            default:
                throw new TomlParseException(source, at.Line, at.Column, $"unexpected {value.Kind}");
        }
    }

    private static string[] NamesOf(KeySyntax key) => [NameOf(key.Key!), .. key.DotKeys.Select(part => NameOf(part.Key!))];

    private static string NameOf(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => throw new ArgumentException($"unexpected key syntax {key.Kind}", nameof(key)),
    };

    /// <summary>Tomlyn counts from 0, messages from 1.</summary>
    private static TomlPosition PositionOf(SyntaxNode node) => new(node.Span.Start.Line + 1, node.Span.Start.Column + 1);

    /// <summary>Redefinitions Tomlyn's checks let through (an array of tables under a key an earlier element set).</summary>
    private TomlParseException AlreadyDefined(string name, TomlPosition at) =>
        new(source, at.Line, at.Column, $"the key \"{name}\" is already defined");
}
