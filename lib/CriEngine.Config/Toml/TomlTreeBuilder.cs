namespace CriEngine.Config.Toml;

/// <summary>
/// Places headers and key/value pairs into the document tree, enforcing that every key and
/// every table is defined exactly once and that inline tables and static arrays stay closed.
/// </summary>
internal sealed class TomlTreeBuilder(TomlCursor cursor)
{
    /// <summary>Handles <c>[a.b]</c>: returns the table that the following key/value pairs go into.</summary>
    public TomlTable OpenTable(TomlTable root, IReadOnlyList<TomlKeyPart> key, TomlPosition header)
    {
        var parent = WalkHeaderPath(root, key, header);
        var last = key[^1];
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            var table = new TomlTable(header) { Origin = TomlTableOrigin.Header };
            parent.Add(last.Name, table);
            return table;
        }
        var name = TomlKeyReader.Describe(key, key.Count);
        if (existing is TomlTable { Origin: TomlTableOrigin.Implicit } implicitTable)
        {
            implicitTable.Origin = TomlTableOrigin.Header;
            implicitTable.Position = header;
            return implicitTable;
        }
        throw existing switch
        {
            TomlTable { Origin: TomlTableOrigin.Dotted } => Error($"table {name} is already defined by dotted keys", last),
            TomlTable { Origin: TomlTableOrigin.Inline } => Error($"inline table {name} cannot be extended", last),
            TomlTable => Error($"table {name} is already defined", last),
            TomlArray { IsTableArray: true } => Error($"key {name} is already defined as an array of tables", last),
            _ => Error($"key {name} is already defined as {Describe(existing)}", last),
        };
    }

    /// <summary>Handles <c>[[a.b]]</c>: appends a new table to the array and returns it.</summary>
    public TomlTable OpenArrayElement(TomlTable root, IReadOnlyList<TomlKeyPart> key, TomlPosition header)
    {
        var parent = WalkHeaderPath(root, key, header);
        var last = key[^1];
        var element = new TomlTable(header) { Origin = TomlTableOrigin.Header };
        if (!parent.TryGetValue(last.Name, out var existing))
        {
            parent.Add(last.Name, new TomlArray([element], header) { IsTableArray = true });
            return element;
        }
        if (existing is TomlArray { IsTableArray: true } array)
        {
            array.Add(element);
            return element;
        }
        var name = TomlKeyReader.Describe(key, key.Count);
        throw existing switch
        {
            TomlArray => Error($"cannot append to static array {name}", last),
            _ => Error($"key {name} is already defined as {Describe(existing)}", last),
        };
    }

    /// <summary>
    /// Handles <c>a.b.c = value</c> relative to <paramref name="table"/>, creating the tables named by all but
    /// the last part. Those may only be new tables or tables that dotted keys created: anything defined by a
    /// header, inline or as an array is closed to dotted keys.
    /// </summary>
    public void Assign(TomlTable table, IReadOnlyList<TomlKeyPart> key, TomlValue value)
    {
        var start = key[0].Position;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!table.TryGetValue(part.Name, out var existing))
            {
                var created = new TomlTable(start) { Origin = TomlTableOrigin.Dotted };
                table.Add(part.Name, created);
                table = created;
                continue;
            }
            var name = TomlKeyReader.Describe(key, i + 1);
            table = existing switch
            {
                TomlTable { Origin: TomlTableOrigin.Dotted } dotted => dotted,
                TomlTable { Origin: TomlTableOrigin.Implicit } implicitTable => DefineByDottedKey(implicitTable, start),
                TomlTable { Origin: TomlTableOrigin.Inline } => throw Error($"inline table {name} cannot be extended", part),
                TomlTable => throw Error($"table {name} is defined by a header and cannot be extended with dotted keys", part),
                TomlArray => throw Error($"cannot extend array {name} with dotted keys", part),
                _ => throw Error($"key {name} is already defined as {Describe(existing)}", part),
            };
        }
        var last = key[^1];
        if (table.ContainsKey(last.Name))
            throw Error($"duplicate key {TomlKeyReader.Describe(key, key.Count)}", last);
        table.Add(last.Name, value);
    }

    /// <summary>
    /// Walks all but the last part of a header path, creating missing tables implicitly. Paths may pass
    /// through any table except an inline one, and through an array of tables into its latest element.
    /// </summary>
    private TomlTable WalkHeaderPath(TomlTable root, IReadOnlyList<TomlKeyPart> key, TomlPosition header)
    {
        var table = root;
        for (var i = 0; i < key.Count - 1; i++)
        {
            var part = key[i];
            if (!table.TryGetValue(part.Name, out var existing))
            {
                var created = new TomlTable(header) { Origin = TomlTableOrigin.Implicit };
                table.Add(part.Name, created);
                table = created;
                continue;
            }
            var name = TomlKeyReader.Describe(key, i + 1);
            table = existing switch
            {
                TomlTable { Origin: TomlTableOrigin.Inline } => throw Error($"inline table {name} cannot be extended", part),
                TomlTable child => child,
                TomlArray { IsTableArray: true } array when array[^1] is TomlTable latest => latest,
                TomlArray => throw Error($"cannot add a table to static array {name}", part),
                _ => throw Error($"key {name} is already defined as {Describe(existing)}", part),
            };
        }
        return table;
    }

    private static TomlTable DefineByDottedKey(TomlTable table, TomlPosition start)
    {
        table.Origin = TomlTableOrigin.Dotted;
        table.Position = start;
        return table;
    }

    /// <summary>"an integer", "a local date", ... for "already defined as" messages.</summary>
    private static string Describe(TomlValue value) => value.Kind switch
    {
        TomlKind.String => "a string",
        TomlKind.Integer => "an integer",
        TomlKind.Float => "a float",
        TomlKind.Boolean => "a boolean",
        TomlKind.OffsetDateTime => "an offset date-time",
        TomlKind.LocalDateTime => "a local date-time",
        TomlKind.LocalDate => "a local date",
        TomlKind.LocalTime => "a local time",
        TomlKind.Array => "an array",
        _ => "a table",
    };

    private TomlParseException Error(string reason, TomlKeyPart at) => cursor.Error(reason, at.Position);
}
