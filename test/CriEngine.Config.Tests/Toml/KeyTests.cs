using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class KeyTests
{
    [Test]
    public void Bare_keys_allow_ascii_letters_digits_dashes_and_underscores()
    {
        const string document = """
            key = "value"
            bare_key = "value"
            bare-key = "value"
            1234 = "value"
            """;

        Assert.That(TomlParser.Parse(document).Keys, Is.EqualTo(new[] { "key", "bare_key", "bare-key", "1234" }));
    }

    [Test]
    public void Quoted_keys_allow_any_character()
    {
        const string document = """
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            "\u00e9\t" = "escaped"
            """;

        Assert.That(TomlParser.Parse(document).Keys,
            Is.EqualTo(new[] { "127.0.0.1", "character encoding", "ʎǝʞ", "key2", "quoted \"value\"", "é\t" }));
    }

    [TestCase("\"\" = \"blank\"")]
    [TestCase("'' = 'blank'")]
    public void Empty_quoted_key_is_valid(string document)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo("{\"\": \"blank\"}"));
    }

    [Test]
    public void Dotted_keys_create_nested_tables()
    {
        const string document = """
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            """;

        Assert.That(TomlDump.Parse(document),
            Is.EqualTo("{name: \"Orange\", physical: {color: \"orange\", shape: \"round\"}, site: {\"google.com\": true}}"));
    }

    [Test]
    public void Whitespace_around_dots_is_ignored()
    {
        const string document = """
            fruit.name = "banana"     # this is best practice
            fruit. color = "yellow"    # same as fruit.color
            fruit . flavor = "banana"   # same as fruit.flavor
            	fruit	.	"taste" = 'sweet'
            """;

        Assert.That(TomlDump.Parse(document),
            Is.EqualTo("{fruit: {name: \"banana\", color: \"yellow\", flavor: \"banana\", taste: \"sweet\"}}"));
    }

    [Test]
    public void Dotted_key_may_extend_a_table_it_created()
    {
        const string document = """
            fruit.apple.smooth = true
            fruit.orange = 2
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo("{fruit: {apple: {smooth: true}, orange: 2}}"));
    }

    [Test]
    public void Dotted_keys_defined_out_of_order_are_valid()
    {
        const string document = """
            apple.type = "fruit"
            orange.type = "fruit"
            apple.skin = "thin"
            orange.skin = "thick"
            apple.color = "red"
            orange.color = "orange"
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{apple: {type: \"fruit\", skin: \"thin\", color: \"red\"}, orange: {type: \"fruit\", skin: \"thick\", color: \"orange\"}}"));
    }

    [Test]
    public void Key_that_looks_like_a_float_is_a_two_part_dotted_key()
    {
        Assert.That(TomlDump.Parse("3.14159 = \"pi\""), Is.EqualTo("{3: {14159: \"pi\"}}"));
    }

    [TestCase("true = 1", "{true: 1}")]
    [TestCase("false = 1", "{false: 1}")]
    [TestCase("inf = 1", "{inf: 1}")]
    [TestCase("nan = 1", "{nan: 1}")]
    [TestCase("- = 1", "{-: 1}")]
    [TestCase("_ = 1", "{_: 1}")]
    [TestCase("-_- = 1", "{-_-: 1}")]
    [TestCase("0x10 = 1", "{0x10: 1}")]
    [TestCase("1979-05-27 = 1", "{1979-05-27: 1}")]
    [TestCase("a=1", "{a: 1}")]
    [TestCase("a.b.c=1", "{a: {b: {c: 1}}}")]
    [TestCase("\"a.b\" = 1", "{\"a.b\": 1}")]
    [TestCase("'a'.\"b\".c = 1", "{a: {b: {c: 1}}}")]
    [TestCase("\"a\" . 'b' = 1", "{a: {b: 1}}")]
    public void Key_reads_as_string(string document, string expected)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo(expected));
    }

    [Test]
    public void Keys_are_case_sensitive()
    {
        Assert.That(TomlDump.Parse("sectionname = 1\nSectionName = 2\nSECTIONNAME = 3"),
            Is.EqualTo("{sectionname: 1, SectionName: 2, SECTIONNAME: 3}"));
    }

    [Test]
    public void Bare_and_quoted_forms_of_a_key_are_the_same_key()
    {
        TomlAssert.Rejects("spelling = \"favorite\"\n\"spelling\" = \"favourite\"", 2, 1, "duplicate key \"spelling\"");
    }

    [TestCase("= \"no key name\"", 1, 1, "expected a key, found '='")]
    [TestCase("\"\"\"key\"\"\" = \"not allowed\"", 1, 1, "a multi-line string cannot be used as a key")]
    [TestCase("'''key''' = 1", 1, 1, "a multi-line string cannot be used as a key")]
    [TestCase("key = # INVALID", 1, 7, "expected a value, found '#'")]
    [TestCase("key =", 1, 6, "expected a value, found end of input")]
    [TestCase("key =\nvalue = 1", 1, 6, "expected a value, found newline")]
    [TestCase("key", 1, 4, "expected '=' after key, found end of input")]
    [TestCase("key\n= 1", 1, 4, "expected '=' after key, found newline")]
    [TestCase("key value", 1, 5, "expected '=' after key, found 'v'")]
    [TestCase("a b = 1", 1, 3, "expected '=' after key, found 'b'")]
    [TestCase("a = 1 = 2", 1, 7, "expected a newline after the value, found '='")]
    [TestCase("first = \"Tom\" last = \"Preston-Werner\" # INVALID", 1, 15, "expected a newline after the value, found 'l'")]
    [TestCase("Fuß = 1", 1, 3, "invalid character U+00DF in key")]
    [TestCase("😂 = 1", 1, 1, "expected a key, found U+1F602")]
    [TestCase("a😂 = 1", 1, 2, "invalid character U+1F602 in key")]
    [TestCase("a/b = 1", 1, 2, "invalid character '/' in key")]
    [TestCase("a\"b\" = 1", 1, 2, "invalid character '\"' in key")]
    [TestCase("a.\n b = 1", 1, 3, "expected a key, found newline")]
    [TestCase(".a = 1", 1, 1, "expected a key, found '.'")]
    [TestCase("a. = 1", 1, 4, "expected a key, found '='")]
    [TestCase("a..b = 1", 1, 3, "expected a key, found '.'")]
    [TestCase("\"a = 1", 1, 7, "unterminated string")]
    [TestCase("'a = 1\nb = 2", 1, 7, "unterminated string")]
    [TestCase("\"a\\qb\" = 1", 1, 3, "invalid escape sequence \\q")]
    [TestCase("a = 1\n\u00A0b = 2", 2, 1, "expected a key, found U+00A0")]
    [TestCase("a = 1\n!b = 2", 2, 1, "expected a key, found '!'")]
    public void Invalid_key_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("name = \"Tom\"\nname = \"Pradyun\"", 2, 1, "duplicate key \"name\"")]
    [TestCase("a.b = 1\na.b = 2", 2, 3, "duplicate key \"a.b\"")]
    [TestCase("a = 1\na.b = 2", 2, 1, "key \"a\" is already defined as an integer")]
    [TestCase("fruit.apple = 1\nfruit.apple.smooth = true", 2, 7, "key \"fruit.apple\" is already defined as an integer")]
    [TestCase("a.b = 1\na = 2", 2, 1, "duplicate key \"a\"")]
    [TestCase("a = \"x\"\na.b.c = 1", 2, 1, "key \"a\" is already defined as a string")]
    [TestCase("a = 1979-05-27\na.b = 1", 2, 1, "key \"a\" is already defined as a local date")]
    [TestCase("a = [1]\na.b = 1", 2, 1, "cannot extend array \"a\" with dotted keys")]
    [TestCase("'' = 1\n\"\" = 2", 2, 1, "duplicate key \"\"")]
    public void Key_defined_twice_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
