using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

/// <summary>
/// Control characters other than tab are not allowed raw in any string form or in comments. The
/// documents are built from code points because test runners mishandle test names holding them.
/// </summary>
public class ControlCharacterTests
{
    private static readonly int[] Forbidden =
    [
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x0F,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F,
    ];

    /// <summary>Text before the character, text after it, and what the error calls the place.</summary>
    private static readonly (string Before, string After, string Place)[] Contexts =
    [
        ("v = \"a", "\"", "a string"),
        ("v = 'a", "'", "a string"),
        ("v = \"\"\"a", "\"\"\"", "a string"),
        ("v = '''a", "'''", "a string"),
        ("v = 1 # a", "", "a comment"),
        ("v = [ # a", "\n]", "a comment"),
    ];

    [Test]
    public void Control_character_is_rejected_in_strings_and_comments(
        [ValueSource(nameof(Forbidden))] int codePoint,
        [Range(0, 5)] int context)
    {
        var (before, after, place) = Contexts[context];

        TomlAssert.Rejects(before + (char)codePoint + after, 1, before.Length + 1,
            $"control character U+{codePoint:X4} is not allowed in {place}");
    }

    [Test]
    public void Tab_is_allowed_in_strings_and_comments([Range(0, 5)] int context)
    {
        var (before, after, _) = Contexts[context];

        Assert.That(() => TomlParser.Parse(before + '\t' + after), Throws.Nothing);
    }
}
