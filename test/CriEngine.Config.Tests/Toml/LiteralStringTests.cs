using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class LiteralStringTests
{
    private static string StringOf(string document, string key = "v") => ((TomlString)TomlAssert.ValueOf(document, key)).Value;

    [Test]
    public void Literal_strings_take_backslashes_as_they_are()
    {
        const string document = """
            winpath  = 'C:\Users\nodejs\templates'
            winpath2 = '\\ServerX\admin$\system32\'
            quoted   = 'Tom "Dubs" Preston-Werner'
            regex    = '<\i\c*\s*>'
            """;

        Assert.That(TomlDump.Of(TomlParser.Parse(document)), Is.EqualTo(
            "{winpath: \"C:\\\\Users\\\\nodejs\\\\templates\", winpath2: \"\\\\\\\\ServerX\\\\admin$\\\\system32\\\\\", "
            + "quoted: \"Tom \\\"Dubs\\\" Preston-Werner\", regex: \"<\\\\i\\\\c*\\\\s*>\"}"));
    }

    [TestCase("v = ''", "")]
    [TestCase("v = 'tab\there'", "tab\there")]
    [TestCase("v = '\\u0041'", "\\u0041")]
    [TestCase("v = 'é 😂'", "é 😂")]
    [TestCase("v = '\"'", "\"")]
    [TestCase("v = '#'#", "#")]
    public void Literal_string_reads_as_written(string document, string expected)
    {
        Assert.That(StringOf(document), Is.EqualTo(expected));
    }

    [Test]
    public void Multiline_literal_strings_from_the_spec_read_as_written()
    {
        var document = string.Join('\n',
            @"regex2 = '''I [dw]on't need \d{2} apples'''",
            "lines  = '''",
            "The first newline is",
            "trimmed in raw strings.",
            "   All other whitespace",
            "   is preserved.",
            "'''",
            "quot15 = '''Here are fifteen quotation marks: " + new string('"', 15) + "'''",
            "apos15 = \"Here are fifteen apostrophes: '''''''''''''''\"",
            "str = ''''That,' she said, 'is still pointless.''''");

        var table = TomlParser.Parse(document);

        Assert.Multiple(() =>
        {
            Assert.That(((TomlString)table["regex2"]).Value, Is.EqualTo(@"I [dw]on't need \d{2} apples"));
            Assert.That(((TomlString)table["lines"]).Value,
                Is.EqualTo("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"));
            Assert.That(((TomlString)table["quot15"]).Value, Is.EqualTo("Here are fifteen quotation marks: " + new string('"', 15)));
            Assert.That(((TomlString)table["apos15"]).Value, Is.EqualTo("Here are fifteen apostrophes: " + new string('\'', 15)));
            Assert.That(((TomlString)table["str"]).Value, Is.EqualTo("'That,' she said, 'is still pointless.'"));
        });
    }

    [TestCase("v = ''''''", "")]
    [TestCase("v = '''''''", "'")]
    [TestCase("v = ''''''''", "''")]
    [TestCase("v = '''\r\na\r\nb'''", "a\nb")]
    [TestCase("v = '''a\\\nb'''", "a\\\nb")]
    [TestCase("v = '''\\u0041 \\'''", "\\u0041 \\")]
    [TestCase("v = '''a''b'c'''", "a''b'c")]
    [TestCase("v = '''\t'''", "\t")]
    public void Multiline_literal_string_reads_as_written(string document, string expected)
    {
        Assert.That(StringOf(document), Is.EqualTo(expected));
    }

    [TestCase("v = 'abc", 1, 9, "unterminated string")]
    [TestCase("v = 'abc\n'", 1, 9, "unterminated string")]
    [TestCase("v = 'a'b'", 1, 8, "expected a newline after the value, found 'b'")]
    [TestCase("v = 'a\rb'", 1, 7, "control character carriage return is not allowed in a string")]
    [TestCase("apos15 = '''Here are fifteen apostrophes: ''''''''''''''''''", 1, 48, "too many quotes at the end of a multi-line string")]
    [TestCase("v = '''a''''''", 1, 14, "too many quotes at the end of a multi-line string")]
    [TestCase("v = '''abc", 1, 11, "unterminated multi-line string")]
    [TestCase("v = '''abc''", 1, 13, "unterminated multi-line string")]
    [TestCase("v = '''a\rb'''", 1, 9, "control character carriage return is not allowed in a string")]
    [TestCase("v = '''a'''b'''", 1, 12, "expected a newline after the value, found 'b'")]
    public void Malformed_literal_string_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
