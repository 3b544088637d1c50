namespace CriEngine.DBus.Wire;

/// <summary>
/// Reads a signature into its complete types, enforcing the specification's rules: only type
/// codes and brackets, no empty structs, dict entries only as array elements with a basic key and
/// exactly two fields, at most 32 nested arrays and 32 nested structs (dict entries count as
/// structs, as in libdbus), at most 255 bytes.
/// </summary>
internal sealed class SignatureParser
{
    public const int MaxLength = 255;
    public const int MaxContainerDepth = 32;

    private readonly string _signature;
    private int _position;
    private int _arrayDepth;
    private int _structDepth;

    private SignatureParser(string signature) => _signature = signature;

    public static IReadOnlyList<DBusType> Parse(string signature)
    {
        if (signature.Length > MaxLength)
            throw new DBusFormatException($"signature of {signature.Length} characters is longer than {MaxLength}");
        var parser = new SignatureParser(signature);
        var types = new List<DBusType>();
        while (parser._position < signature.Length)
            types.Add(parser.ParseOne());
        return types;
    }

    private DBusType ParseOne()
    {
        if (_position >= _signature.Length)
            throw Invalid("a type is missing at its end");
        var code = _signature[_position++];
        switch (code)
        {
            case 'a':
                return ParseArray();
            case DBusType.StructCode:
                return ParseStruct();
            case DBusType.DictEntryCode:
                throw Invalid("a dict entry stands outside an array");
            case 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 's' or 'o' or 'g' or 'h' or 'v':
                return DBusType.Leaf(code);
            default:
                throw Invalid($"'{code}' is not a type code");
        }
    }

    private DBusType ParseArray()
    {
        if (++_arrayDepth > MaxContainerDepth)
            throw Invalid($"arrays nest deeper than {MaxContainerDepth}");
        DBusType element;
        if (_position < _signature.Length && _signature[_position] == DBusType.DictEntryCode)
        {
            _position++;
            element = ParseDictEntry();
        }
        else
        {
            element = ParseOne();
        }
        _arrayDepth--;
        return DBusType.Array(element);
    }

    private DBusType ParseStruct()
    {
        EnterStruct();
        var fields = new List<DBusType>();
        while (_position < _signature.Length && _signature[_position] != ')')
            fields.Add(ParseOne());
        if (_position >= _signature.Length)
            throw Invalid("a struct is not closed");
        if (fields.Count == 0)
            throw Invalid("a struct has no fields");
        _position++;
        _structDepth--;
        return DBusType.Struct(fields);
    }

    private DBusType ParseDictEntry()
    {
        EnterStruct();
        var key = ParseOne();
        if (!key.IsBasic)
            throw Invalid($"a dict entry's key '{key}' is not a basic type");
        var value = ParseOne();
        if (_position >= _signature.Length || _signature[_position] != '}')
            throw Invalid("a dict entry has other than two fields or is not closed");
        _position++;
        _structDepth--;
        return DBusType.DictEntry(key, value);
    }

    private void EnterStruct()
    {
        if (++_structDepth > MaxContainerDepth)
            throw Invalid($"structs nest deeper than {MaxContainerDepth}");
    }

    private DBusFormatException Invalid(string reason) => new($"invalid signature '{_signature}': {reason}");
}
