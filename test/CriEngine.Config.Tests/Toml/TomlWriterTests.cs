using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class TomlWriterTests
{
    [TestCase("key", "key")]
    [TestCase("bare_key-1", "bare_key-1")]
    [TestCase("1234", "1234")]
    [TestCase("", "\"\"")]
    [TestCase("a.b", "\"a.b\"")]
    [TestCase("with space", "\"with space\"")]
    [TestCase("Fuß", "\"Fuß\"")]
    [TestCase("quote\"d", "\"quote\\\"d\"")]
    [TestCase("tab\t", "\"tab\\t\"")]
    public void Format_key_is_bare_when_possible_and_quoted_otherwise(string key, string expected)
    {
        Assert.That(TomlWriter.FormatKey(key), Is.EqualTo(expected));
    }

    [TestCase("plain", "\"plain\"")]
    [TestCase("", "\"\"")]
    [TestCase("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [TestCase("\b\t\n\f\r", "\"\\b\\t\\n\\f\\r\"")]
    [TestCase("é 😂", "\"é 😂\"")]
    [TestCase("'", "\"'\"")]
    public void Format_value_writes_strings_as_escaped_basic_strings(string value, string expected)
    {
        Assert.That(TomlWriter.FormatValue(new TomlString(value)), Is.EqualTo(expected));
    }

    [Test]
    public void Format_value_escapes_control_characters_as_unicode_escapes()
    {
        Assert.That(TomlWriter.FormatValue(new TomlString("\u0000\u0001\u001F\u007F")), Is.EqualTo("\"\\u0000\\u0001\\u001F\\u007F\""));
    }

    [Test]
    public void Format_value_rejects_a_string_with_an_unpaired_surrogate()
    {
        Assert.Throws<ArgumentException>(() => TomlWriter.FormatValue(new TomlString("\uD800")));
    }

    [TestCase(0L, "0")]
    [TestCase(-17L, "-17")]
    [TestCase(long.MaxValue, "9223372036854775807")]
    [TestCase(long.MinValue, "-9223372036854775808")]
    public void Format_value_writes_integers_in_decimal(long value, string expected)
    {
        Assert.That(TomlWriter.FormatValue(new TomlInteger(value)), Is.EqualTo(expected));
    }

    [TestCase(1.0, "1.0")]
    [TestCase(-2.0, "-2.0")]
    [TestCase(0.0, "0.0")]
    [TestCase(-0.0, "-0.0")]
    [TestCase(3.1415, "3.1415")]
    [TestCase(1e20, "1E+20")]
    [TestCase(1e-7, "1E-07")]
    [TestCase(6.626e-34, "6.626E-34")]
    [TestCase(double.MaxValue, "1.7976931348623157E+308")]
    [TestCase(double.Epsilon, "5E-324")]
    [TestCase(double.PositiveInfinity, "inf")]
    [TestCase(double.NegativeInfinity, "-inf")]
    [TestCase(double.NaN, "nan")]
    public void Format_value_writes_floats_that_read_back_as_floats(double value, string expected)
    {
        var text = TomlWriter.FormatValue(new TomlFloat(value));

        Assert.That(text, Is.EqualTo(expected));
        Assert.That(TomlWriter.DeepEquals(TomlAssert.ValueOf("v = " + text), new TomlFloat(value)), Is.True);
    }

    [Test]
    public void Format_value_writes_booleans_in_lowercase()
    {
        Assert.That(TomlWriter.FormatValue(new TomlBoolean(true)), Is.EqualTo("true"));
        Assert.That(TomlWriter.FormatValue(new TomlBoolean(false)), Is.EqualTo("false"));
    }

    [TestCase("v = 1979-05-27T07:32:00Z", "1979-05-27T07:32:00Z")]
    [TestCase("v = 1979-05-27 00:32:00.999999-07:00", "1979-05-27T00:32:00.999999-07:00")]
    [TestCase("v = 1979-05-27T00:32:00+05:30", "1979-05-27T00:32:00+05:30")]
    [TestCase("v = 1979-05-27T07:32:00.1200", "1979-05-27T07:32:00.12")]
    [TestCase("v = 1979-05-27", "1979-05-27")]
    [TestCase("v = 07:32:00", "07:32:00")]
    [TestCase("v = 00:00:00.0000001", "00:00:00.0000001")]
    [TestCase("v = 0001-01-01T00:00:00.000", "0001-01-01T00:00:00")]
    public void Format_value_writes_date_times_in_rfc_3339_form(string document, string expected)
    {
        Assert.That(TomlWriter.FormatValue(TomlAssert.ValueOf(document)), Is.EqualTo(expected));
    }

    [Test]
    public void Format_value_writes_a_non_zero_offset_as_hours_and_minutes()
    {
        var value = new TomlDateTime(new DateOnly(2000, 1, 1), new TimeOnly(0, 0), TimeSpan.FromMinutes(-90));

        Assert.That(TomlWriter.FormatValue(value), Is.EqualTo("2000-01-01T00:00:00-01:30"));
    }

    [Test]
    public void Format_value_rejects_an_offset_of_a_day_or_more()
    {
        var value = new TomlDateTime(new DateOnly(2000, 1, 1), new TimeOnly(0, 0), TimeSpan.FromHours(-24));

        Assert.Throws<ArgumentException>(() => TomlWriter.FormatValue(value));
    }

    [Test]
    public void Format_value_rejects_an_offset_with_seconds()
    {
        var value = new TomlDateTime(new DateOnly(2000, 1, 1), new TimeOnly(0, 0), TimeSpan.FromSeconds(30));

        Assert.Throws<ArgumentException>(() => TomlWriter.FormatValue(value));
    }

    [TestCase("v = []", "[]")]
    [TestCase("v = [1, [2, 'x'], {}]", "[1, [2, \"x\"], {}]")]
    [TestCase("v = {}", "{}")]
    [TestCase("v = { a = 1, \"b c\" = [true], d.e = 1.5 }", "{ a = 1, \"b c\" = [true], d = { e = 1.5 } }")]
    public void Format_value_writes_arrays_and_tables_inline(string document, string expected)
    {
        Assert.That(TomlWriter.FormatValue(TomlAssert.ValueOf(document)), Is.EqualTo(expected));
    }

    [Test]
    public void Write_puts_plain_keys_first_then_tables_then_arrays_of_tables()
    {
        const string document = """
            [server]
            host = "h"
            [[server.ports]]
            n = 1
            [[server.ports]]
            n = 2
            [server.tls]
            on = true
            [top]
            [a.b.c]
            x = 1
            """;
        var root = TomlParser.Parse("title = 'T'\n" + document);

        Assert.That(TomlWriter.Write(root), Is.EqualTo("""
            title = "T"

            [server]
            host = "h"

            [[server.ports]]
            n = 1

            [[server.ports]]
            n = 2

            [server.tls]
            on = true

            [top]

            [a.b.c]
            x = 1

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Write_moves_plain_keys_defined_after_tables_before_them()
    {
        var root = TomlParser.Parse("t.x = 1\nplain = 2");

        Assert.That(TomlWriter.Write(root), Is.EqualTo("plain = 2\n\n[t]\nx = 1\n"));
    }

    [Test]
    public void Write_keeps_arrays_that_are_not_all_tables_inline()
    {
        var root = TomlParser.Parse("a = [{x = 1}, 2]\nb = []\nc = [[{}]]");

        Assert.That(TomlWriter.Write(root), Is.EqualTo("a = [{ x = 1 }, 2]\nb = []\nc = [[{}]]\n"));
    }

    [Test]
    public void Write_of_an_empty_document_is_empty()
    {
        Assert.That(TomlWriter.Write(new TomlTable()), Is.Empty);
    }

    [Test]
    public void Write_quotes_keys_in_headers()
    {
        var root = TomlParser.Parse("[\"a.b\".'c d']\nx = 1\n[[\"\"]]");

        Assert.That(TomlWriter.Write(root), Is.EqualTo("[\"a.b\".\"c d\"]\nx = 1\n\n[[\"\"]]\n"));
    }

    [Test]
    public void Write_accepts_trees_built_in_code()
    {
        var root = new TomlTable();
        var table = new TomlTable();
        table.Add("n", new TomlInteger(1));
        root.Add("list", new TomlArray([table, new TomlTable()]));
        root.Add("s", new TomlString("x"));

        Assert.That(TomlWriter.Write(root), Is.EqualTo("s = \"x\"\n\n[[list]]\nn = 1\n\n[[list]]\n"));
    }
}
