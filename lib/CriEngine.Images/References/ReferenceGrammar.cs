namespace CriEngine.Images.References;

/// <summary>
/// The pieces of the Docker reference grammar (distribution/reference):
/// <code>
/// domain         := host [":" port]
/// host           := domain-name | "[" IPv6 "]"
/// domain-name    := component ("." component)*        component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
/// path           := path-component ("/" path-component)*
/// path-component := [a-z0-9]+ (separator [a-z0-9]+)*   separator := "." | "_" | "__" | "-"+
/// tag            := [\w][\w.-]{0,127}
/// </code>
/// Checked by hand rather than by regular expression so that a refusal can say which part is wrong.
/// </summary>
internal static class ReferenceGrammar
{
    /// <summary>The longest repository path distribution accepts.</summary>
    public const int MaxPathLength = 255;

    private const int MaxTagLength = 128;

    /// <summary><c>host[:port]</c>: a domain name or IPv4 address, or an IPv6 address in brackets.</summary>
    public static bool IsDomain(string text)
    {
        string host;
        string? port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
                return false;
            host = text[..(close + 1)];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
                return false;
            port = rest.Length > 0 ? rest[1..] : null;
            if (!IsBracketedIPv6(host))
                return false;
        }
        else
        {
            var colon = text.IndexOf(':');
            host = colon < 0 ? text : text[..colon];
            port = colon < 0 ? null : text[(colon + 1)..];
            if (!IsDomainName(host))
                return false;
        }
        return port is null || (port.Length > 0 && port.All(char.IsAsciiDigit));
    }

    /// <summary>Dot-separated components; IPv4 addresses in decimal form are of this shape too.</summary>
    public static bool IsDomainName(string text) => text.Length > 0 && text.Split('.').All(IsDomainComponent);

    /// <summary>Lower-case components separated by <c>/</c>.</summary>
    public static bool IsPath(string text) => text.Length > 0 && text.Split('/').All(IsPathComponent);

    public static bool IsPathComponent(string text)
    {
        if (text.Length == 0 || !IsAlphanumeric(text[0]) || !IsAlphanumeric(text[^1]))
            return false;
        for (var i = 1; i < text.Length; i++)
        {
            if (IsAlphanumeric(text[i]))
                continue;
            // A run of separators: one period, one or two underscores, or any number of dashes.
            var start = i;
            while (!IsAlphanumeric(text[i]))
                i++;
            var separator = text[start..i];
            var valid = separator is "." or "_" or "__" || separator.All(c => c == '-');
            if (!valid)
                return false;
        }
        return true;
    }

    public static bool IsTag(string text) =>
        text.Length is > 0 and <= MaxTagLength && IsWordCharacter(text[0]) && text.All(c => IsWordCharacter(c) || c is '.' or '-');

    /// <summary>
    /// The digest shape distribution accepts before looking at the algorithm:
    /// <c>[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}</c>.
    /// </summary>
    public static bool IsDigestShaped(string text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0)
            return false;
        var hex = text[(colon + 1)..];
        if (hex.Length < 32 || !hex.All(char.IsAsciiHexDigit))
            return false;
        var algorithmParts = text[..colon].Split('-', '_', '+', '.');
        return algorithmParts.All(part => part.Length > 0 && char.IsAsciiLetter(part[0]) && part.All(char.IsAsciiLetterOrDigit));
    }

    private static bool IsDomainComponent(string text) =>
        text.Length > 0
        && char.IsAsciiLetterOrDigit(text[0])
        && char.IsAsciiLetterOrDigit(text[^1])
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Brackets around hex digits and colons only: no zone identifiers, no embedded IPv4.</summary>
    private static bool IsBracketedIPv6(string text) =>
        text.Length > 2 && text[0] == '[' && text[^1] == ']' && text[1..^1].All(c => char.IsAsciiHexDigit(c) || c == ':');

    private static bool IsAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
