namespace CriEngine.DBus.Tests;

/// <summary>Bytes written as the specification shows them: hex pairs, spaces and line breaks ignored.</summary>
internal static class Hex
{
    public static byte[] Bytes(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(ReadOnlySpan<byte> bytes) =>
        string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>ASCII text as hex pairs, to write strings inside expected bytes readably.</summary>
    public static string Text(string ascii) => Of(System.Text.Encoding.ASCII.GetBytes(ascii));
}
