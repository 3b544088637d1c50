using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class BasicStringTests
{
    [Test]
    public void Spec_example_with_escapes_reads_to_the_escaped_characters()
    {
        var value = TomlAssert.ValueOf("""str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF." """, "str");

        Assert.That(value, Is.TypeOf<TomlString>());
        Assert.That(((TomlString)value).Value, Is.EqualTo("I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF."));
    }

    [TestCase(@"v = ""\b""", "\b")]
    [TestCase(@"v = ""\t""", "\t")]
    [TestCase(@"v = ""\n""", "\n")]
    [TestCase(@"v = ""\f""", "\f")]
    [TestCase(@"v = ""\r""", "\r")]
    [TestCase(@"v = ""\""""", "\"")]
    [TestCase(@"v = ""\\""", "\\")]
    [TestCase(@"v = ""\u0041""", "A")]
    [TestCase(@"v = ""\u00e9\u00E9""", "éé")]
    [TestCase(@"v = ""\u0000""", "\0")]
    [TestCase(@"v = ""\u007F""", "\u007F")]
    [TestCase(@"v = ""\uD7FF\uE000""", "\uD7FF\uE000")]
    [TestCase(@"v = ""\U0001F600""", "😀")]
    [TestCase(@"v = ""\U0010FFFF""", "\U0010FFFF")]
    [TestCase(@"v = ""\U00000041""", "A")]
    [TestCase(@"v = ""a\\b\\\\c""", @"a\b\\c")]
    [TestCase(@"v = ""\\n is not a newline""", @"\n is not a newline")]
    public void Escape_sequence_reads_as_its_character(string document, string expected)
    {
        Assert.That(((TomlString)TomlAssert.ValueOf(document)).Value, Is.EqualTo(expected));
    }

    [TestCase("v = \"\"", "")]
    [TestCase("v = \"tab\there\"", "tab\there")]
    [TestCase("v = \"non-ASCII: é ℕ 😂 \uFEFF\"", "non-ASCII: é ℕ 😂 \uFEFF")]
    [TestCase("v = \"'single' quotes and # hash\"", "'single' quotes and # hash")]
    [TestCase("v = \"a\"# comment", "a")]
    [TestCase("v = \" \"", " ")]
    public void Basic_string_keeps_its_characters(string document, string expected)
    {
        Assert.That(((TomlString)TomlAssert.ValueOf(document)).Value, Is.EqualTo(expected));
    }

    [TestCase(@"v = ""\x41""", 1, 6, @"invalid escape sequence \x")]
    [TestCase(@"v = ""\e""", 1, 6, @"invalid escape sequence \e")]
    [TestCase(@"v = ""a\'""", 1, 7, @"invalid escape sequence \'")]
    [TestCase(@"v = ""\/""", 1, 6, @"invalid escape sequence \/")]
    [TestCase(@"v = ""\a""", 1, 6, @"invalid escape sequence \a")]
    [TestCase(@"v = ""\0""", 1, 6, @"invalid escape sequence \0")]
    [TestCase(@"v = ""\N""", 1, 6, @"invalid escape sequence \N")]
    [TestCase(@"v = ""\ """, 1, 6, "invalid escape sequence (backslash followed by space)")]
    [TestCase("v = \"\\\u00e9\"", 1, 6, "invalid escape sequence (backslash followed by U+00E9)")]
    [TestCase("v = \"\\\n\"", 1, 6, "invalid escape sequence (backslash followed by newline)")]
    [TestCase(@"v = ""\u12""", 1, 10, @"invalid escape sequence: \u needs 4 hexadecimal digits")]
    [TestCase(@"v = ""\u12G4""", 1, 10, @"invalid escape sequence: \u needs 4 hexadecimal digits")]
    [TestCase(@"v = ""\U0000004""", 1, 15, @"invalid escape sequence: \U needs 8 hexadecimal digits")]
    [TestCase(@"v = ""\u""", 1, 8, @"invalid escape sequence: \u needs 4 hexadecimal digits")]
    [TestCase(@"v = ""\uD800""", 1, 6, @"invalid escape sequence \uD800: not a Unicode scalar value")]
    [TestCase(@"v = ""\uDFFF""", 1, 6, @"invalid escape sequence \uDFFF: not a Unicode scalar value")]
    [TestCase(@"v = ""\U0000D800""", 1, 6, @"invalid escape sequence \U0000D800: not a Unicode scalar value")]
    [TestCase(@"v = ""\U00110000""", 1, 6, @"invalid escape sequence \U00110000: not a Unicode scalar value")]
    [TestCase(@"v = ""\UFFFFFFFF""", 1, 6, @"invalid escape sequence \UFFFFFFFF: not a Unicode scalar value")]
    [TestCase(@"v = ""\", 1, 7, "unterminated string")]
    public void Invalid_escape_sequence_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("v = \"abc", 1, 9, "unterminated string")]
    [TestCase("v = \"abc\nd\"", 1, 9, "unterminated string")]
    [TestCase("v = \"abc\r\nd\"", 1, 9, "unterminated string")]
    [TestCase("v = \"a\"b\"", 1, 8, "expected a newline after the value, found 'b'")]
    [TestCase("v = \"a\" \"b\"", 1, 9, "expected a newline after the value, found '\"'")]
    [TestCase("v = \"a\rb\"", 1, 7, "control character carriage return is not allowed in a string")]
    public void Malformed_basic_string_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
