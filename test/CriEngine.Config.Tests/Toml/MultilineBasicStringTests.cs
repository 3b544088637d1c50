using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class MultilineBasicStringTests
{
    private static string StringOf(string document, string key = "v") => ((TomlString)TomlAssert.ValueOf(document, key)).Value;

    [Test]
    public void Newline_right_after_the_opening_delimiter_is_trimmed()
    {
        Assert.That(StringOf("str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\"", "str1"), Is.EqualTo("Roses are red\nViolets are blue"));
    }

    [Test]
    public void Only_the_first_newline_is_trimmed()
    {
        Assert.That(StringOf("v = \"\"\"\n\nx\n\"\"\""), Is.EqualTo("\nx\n"));
    }

    [Test]
    public void Crlf_inside_is_read_as_lf()
    {
        Assert.That(StringOf("v = \"\"\"\r\nRoses\r\nViolets\r\n\"\"\""), Is.EqualTo("Roses\nViolets\n"));
    }

    [Test]
    public void Multiline_basic_string_trims_line_ending_backslash()
    {
        const string document = "str1 = \"The quick brown fox jumps over the lazy dog.\"\n"
            + "str2 = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"\n"
            + "str3 = \"\"\"\\\n       The quick brown \\\n       fox jumps over \\\n       the lazy dog.\\\n       \"\"\"\n";

        var table = TomlParser.Parse(document);

        Assert.That(((TomlString)table["str2"]).Value, Is.EqualTo("The quick brown fox jumps over the lazy dog."));
        Assert.That(((TomlString)table["str3"]).Value, Is.EqualTo("The quick brown fox jumps over the lazy dog."));
    }

    [TestCase("v = \"\"\"a \\   \n   b\"\"\"", "a b")]
    [TestCase("v = \"\"\"a \\\t\r\n\t b\"\"\"", "a b")]
    [TestCase("v = \"\"\"a\\\n\"\"\"", "a")]
    [TestCase("v = \"\"\"a\\\n  \n \t \n\"\"\"", "a")]
    [TestCase("v = \"\"\"a\\\\\nb\"\"\"", "a\\\nb")]
    [TestCase("v = \"\"\"a\\\\ \\\n b\"\"\"", "a\\ b")]
    public void Line_ending_backslash_trims_whitespace_and_newlines(string document, string expected)
    {
        Assert.That(StringOf(document), Is.EqualTo(expected));
    }

    [Test]
    public void Spec_examples_with_quotes_inside_read_correctly()
    {
        const string document = """""
            str4 = """Here are two quotation marks: "". Simple enough."""
            str5 = """Here are three quotation marks: ""\"."""
            str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""
            str7 = """"This," she said, "is just a pointless statement.""""
            """"";

        var table = TomlParser.Parse(document);

        Assert.Multiple(() =>
        {
            Assert.That(((TomlString)table["str4"]).Value, Is.EqualTo("Here are two quotation marks: \"\". Simple enough."));
            Assert.That(((TomlString)table["str5"]).Value, Is.EqualTo("Here are three quotation marks: \"\"\"."));
            Assert.That(((TomlString)table["str6"]).Value, Is.EqualTo("Here are fifteen quotation marks: " + new string('"', 15) + "."));
            Assert.That(((TomlString)table["str7"]).Value, Is.EqualTo("\"This,\" she said, \"is just a pointless statement.\""));
        });
    }

    [TestCase("v = \"\"\"\"\"\"", "")]
    [TestCase("v = \"\"\"\"\"\"\"", "\"")]
    [TestCase("v = \"\"\"\"\"\"\"\"", "\"\"")]
    [TestCase("v = \"\"\"a\"\"\"\"", "a\"")]
    [TestCase("v = \"\"\"a\"\"\"\"\"", "a\"\"")]
    [TestCase("v = \"\"\"\"a\"\"\"", "\"a")]
    [TestCase("v = \"\"\"\"\"a\"\"\"", "\"\"a")]
    [TestCase("v = \"\"\"a\"b\"\"c\"\"\"", "a\"b\"\"c")]
    [TestCase("v = \"\"\"\ttab \\t escape \\u00E9 \\\"\"\"\"", "\ttab \t escape é \"")]
    [TestCase("v = \"\"\"# not a comment\"\"\"", "# not a comment")]
    [TestCase("v = \"\"\"\"\"\\u0041\"\"\"", "\"\"A")]
    [TestCase("v = \"\"\"a\"\\\"b\"\"\"", "a\"\"b")]
    [TestCase("v = \"\"\"'''\"\"\"", "'''")]
    public void Multiline_basic_string_reads_its_content(string document, string expected)
    {
        Assert.That(StringOf(document), Is.EqualTo(expected));
    }

    [TestCase("str5 = \"\"\"Here are three quotation marks: \"\"\".\"\"\"", 1, 46, "expected a newline after the value, found '.'")]
    [TestCase("v = \"\"\"a\"\"\"\"\"\"", 1, 14, "too many quotes at the end of a multi-line string")]
    [TestCase("v = \"\"\"abc", 1, 11, "unterminated multi-line string")]
    [TestCase("v = \"\"\"abc\n", 2, 1, "unterminated multi-line string")]
    [TestCase("v = \"\"\"abc\"\"", 1, 13, "unterminated multi-line string")]
    [TestCase("v = \"\"\"\\x\"\"\"", 1, 8, "invalid escape sequence \\x")]
    [TestCase("v = \"\"\"a \\ b\"\"\"", 1, 10, "invalid escape sequence (backslash followed by space)")]
    [TestCase("v = \"\"\"\\uD800\"\"\"", 1, 8, "invalid escape sequence \\uD800: not a Unicode scalar value")]
    [TestCase("v = \"\"\"a\rb\"\"\"", 1, 9, "control character carriage return is not allowed in a string")]
    [TestCase("v = \"\"\"a\\\rb\"\"\"", 1, 9, "invalid escape sequence (backslash followed by carriage return)")]
    [TestCase("v = \"\"\"a\\\n \r \"\"\"", 2, 2, "control character carriage return is not allowed in a string")]
    public void Malformed_multiline_basic_string_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
