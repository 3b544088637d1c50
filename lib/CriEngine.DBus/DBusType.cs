using CriEngine.DBus.Wire;

namespace CriEngine.DBus;

/// <summary>
/// One single complete D-Bus type, parsed from its signature: a basic type (<c>y b n q i u x t d
/// s o g h</c>), a variant (<c>v</c>), an array (<c>a</c> + element), a struct (<c>(…)</c>) or a
/// dict entry (<c>{key value}</c>, only as an array's element).
/// </summary>
public sealed class DBusType : IEquatable<DBusType>
{
    public const char StructCode = '(';
    public const char DictEntryCode = '{';

    private const string BasicCodes = "ybnqiuxtdsogh";

    public static readonly DBusType Byte = new('y');
    public static readonly DBusType Boolean = new('b');
    public static readonly DBusType Int16 = new('n');
    public static readonly DBusType UInt16 = new('q');
    public static readonly DBusType Int32 = new('i');
    public static readonly DBusType UInt32 = new('u');
    public static readonly DBusType Int64 = new('x');
    public static readonly DBusType UInt64 = new('t');
    public static readonly DBusType Double = new('d');
    public static readonly DBusType String = new('s');
    public static readonly DBusType ObjectPath = new('o');
    public static readonly DBusType Signature = new('g');
    public static readonly DBusType UnixFd = new('h');
    public static readonly DBusType Variant = new('v');

    private DBusType(char code, DBusType? element = null, IReadOnlyList<DBusType>? fields = null)
    {
        Code = code;
        Element = element;
        Fields = fields ?? [];
        Text = code switch
        {
            'a' => "a" + element!.Text,
            StructCode => "(" + string.Concat(Fields.Select(field => field.Text)) + ")",
            DictEntryCode => "{" + string.Concat(Fields.Select(field => field.Text)) + "}",
            _ => code.ToString(),
        };
    }

    /// <summary>The type code: a basic code, <c>v</c>, <c>a</c>, <see cref="StructCode"/> or <see cref="DictEntryCode"/>.</summary>
    public char Code { get; }

    /// <summary>An array's element type; null for anything else.</summary>
    public DBusType? Element { get; }

    /// <summary>A struct's or dict entry's field types, in order; empty for anything else.</summary>
    public IReadOnlyList<DBusType> Fields { get; }

    /// <summary>The signature of this one type, e.g. <c>a(sv)</c>.</summary>
    public string Text { get; }

    public bool IsBasic => BasicCodes.Contains(Code);

    /// <summary>Where a value of this type starts: its offset from the message start is a multiple of this.</summary>
    public int Alignment => AlignmentOf(Code);

    /// <summary>The wire alignment of a value whose type code is <paramref name="code"/>.</summary>
    public static int AlignmentOf(char code) => code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'b' or 'i' or 'u' or 'h' or 's' or 'o' or 'a' => 4,
        'x' or 't' or 'd' or StructCode or DictEntryCode => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a D-Bus type code"),
    };

    /// <summary>Exactly one complete type, e.g. a variant's signature.</summary>
    public static DBusType Parse(string signature)
    {
        var types = SignatureParser.Parse(signature);
        if (types.Count != 1)
            throw new DBusFormatException($"signature '{signature}' is not a single complete type");
        return types[0];
    }

    internal static DBusType Array(DBusType element) => new('a', element);

    internal static DBusType Struct(IReadOnlyList<DBusType> fields) => new(StructCode, fields: fields);

    internal static DBusType DictEntry(DBusType key, DBusType value) => new(DictEntryCode, fields: [key, value]);

    /// <summary>A type without children: a basic type or a variant.</summary>
    internal static DBusType Leaf(char code) => code switch
    {
        'y' => Byte,
        'b' => Boolean,
        'n' => Int16,
        'q' => UInt16,
        'i' => Int32,
        'u' => UInt32,
        'x' => Int64,
        't' => UInt64,
        'd' => Double,
        's' => String,
        'o' => ObjectPath,
        'g' => Signature,
        'h' => UnixFd,
        'v' => Variant,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a D-Bus type code without children"),
    };

    public bool Equals(DBusType? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as DBusType);

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
