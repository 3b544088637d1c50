namespace CriEngine.Config.Toml;

/// <summary>Character classes of the TOML grammar.</summary>
internal static class TomlCharacters
{
    public const int EndOfInput = -1;

    public static bool IsWhitespace(int c) => c is ' ' or '\t';

    public static bool IsBareKey(int c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    /// <summary>Control characters TOML forbids in comments and strings (tab is always allowed).</summary>
    public static bool IsForbiddenControl(int c) => c is (>= 0 and < 0x20 and not '\t') or 0x7F;

    public static bool IsDigit(int c) => c is >= '0' and <= '9';

    public static bool IsHexDigit(int c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

    /// <summary>The value of a digit already known to be a hexadecimal (or lower radix) digit.</summary>
    public static int DigitValue(int c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>
    /// Characters that may make up an unquoted value (number, boolean, date-time, inf, nan). Reading a
    /// whole run first and classifying it afterwards gives one clear error for the whole token.
    /// </summary>
    public static bool IsValueToken(int c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '+' or '-' or '.' or ':';

    /// <summary>A short name for a character in error messages; <paramref name="c"/> is a code point or <see cref="EndOfInput"/>.</summary>
    public static string Describe(int c) => c switch
    {
        EndOfInput => "end of input",
        '\n' => "newline",
        '\r' => "carriage return",
        '\t' => "tab",
        ' ' => "space",
        > ' ' and < 0x7F => $"'{(char)c}'",
        _ => $"U+{c:X4}",
    };
}
