using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class WhitespaceAndNewlineTests
{
    [TestCase("")]
    [TestCase(" ")]
    [TestCase("\t \t")]
    [TestCase("\n\n\n")]
    [TestCase("\r\n\r\n")]
    [TestCase("\uFEFF")]
    [TestCase("   \n\t\n")]
    public void Empty_document_is_an_empty_table(string document)
    {
        Assert.That(TomlParser.Parse(document), Is.Empty);
    }

    [Test]
    public void Crlf_and_lf_documents_read_the_same()
    {
        const string lf = "# c\n[a]\nb = 1\nc = [\n  2,\n]\n[[d]]\ne = '''\nx\n'''\n";

        Assert.That(TomlDump.Parse(lf.Replace("\n", "\r\n")), Is.EqualTo(TomlDump.Parse(lf)));
    }

    [Test]
    public void Leading_byte_order_mark_is_skipped()
    {
        var table = TomlParser.Parse("\uFEFFa = 1");

        Assert.That(TomlDump.Of(table), Is.EqualTo("{a: 1}"));
        Assert.That(table["a"].Position, Is.EqualTo(new TomlPosition(1, 5)));
    }

    [TestCase("a = 1\n\uFEFFb = 2", 2, 1, "expected a key, found U+FEFF")]
    [TestCase("a = \uFEFF1", 1, 5, "expected a value, found U+FEFF")]
    [TestCase("\uFEFF\uFEFFa = 1", 1, 1, "expected a key, found U+FEFF")]
    public void Byte_order_mark_elsewhere_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("\ta\t=\t1\t", "{a: 1}")]
    [TestCase("    a = 1\n        b = 2", "{a: 1, b: 2}")]
    [TestCase("a=1\nb=2", "{a: 1, b: 2}")]
    [TestCase("a = 1\r\nb = 2\r\n", "{a: 1, b: 2}")]
    [TestCase("\n\na = 1\n\n\n", "{a: 1}")]
    public void Tabs_spaces_and_blank_lines_are_ignored(string document, string expected)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo(expected));
    }

    [TestCase("a = 1\rb = 2", 1, 6, "a carriage return must be followed by a line feed")]
    [TestCase("\r", 1, 1, "a carriage return must be followed by a line feed")]
    [TestCase("a = 1\n\r\n\rb = 2", 3, 1, "a carriage return must be followed by a line feed")]
    [TestCase("[a]\r", 1, 4, "a carriage return must be followed by a line feed")]
    [TestCase("a = \r\n1", 1, 5, "expected a value, found newline")]
    [TestCase("a\u00A0= 1", 1, 2, "invalid character U+00A0 in key")]
    [TestCase("a =\u00A01", 1, 4, "expected a value, found U+00A0")]
    [TestCase("a = 1\u000B", 1, 6, "expected a newline after the value, found U+000B")]
    [TestCase("\u000Ca = 1", 1, 1, "expected a key, found U+000C")]
    [TestCase("\u0000", 1, 1, "expected a key, found U+0000")]
    [TestCase("a = 1\u0000", 1, 6, "expected a newline after the value, found U+0000")]
    [TestCase("a = 1\u2028b = 2", 1, 6, "expected a newline after the value, found U+2028")]
    public void Whitespace_and_newlines_other_than_space_tab_lf_and_crlf_are_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
