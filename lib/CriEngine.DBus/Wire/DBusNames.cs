namespace CriEngine.DBus.Wire;

/// <summary>
/// The specification's grammar for object paths, interface and error names, member names and bus
/// names, checked on what is sent (a clear error here beats the bus dropping the connection) and
/// on what is received.
/// </summary>
internal static class DBusNames
{
    public const int MaxNameLength = 255;

    public static bool IsObjectPath(string path)
    {
        if (path.Length == 0 || path[0] != '/')
            return false;
        if (path.Length == 1)
            return true;
        return path[1..].Split('/').All(element => element.Length > 0 && element.All(IsNameCharacter));
    }

    /// <summary>Interface and error names: two or more dot-separated elements, none starting with a digit.</summary>
    public static bool IsInterfaceName(string name) =>
        name.Length <= MaxNameLength
        && name.Split('.') is { Length: >= 2 } elements
        && elements.All(element => element.Length > 0 && !char.IsAsciiDigit(element[0]) && element.All(IsNameCharacter));

    public static bool IsMemberName(string name) =>
        name.Length is > 0 and <= MaxNameLength && !char.IsAsciiDigit(name[0]) && name.All(IsNameCharacter);

    /// <summary>Unique (<c>:1.42</c>) or well-known (<c>org.freedesktop.systemd1</c>) bus names.</summary>
    public static bool IsBusName(string name)
    {
        if (name.Length > MaxNameLength)
            return false;
        var unique = name.StartsWith(':');
        var elements = (unique ? name[1..] : name).Split('.');
        return elements.Length >= 2 && elements.All(element =>
            element.Length > 0 && (unique || !char.IsAsciiDigit(element[0])) && element.All(c => IsNameCharacter(c) || c == '-'));
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
