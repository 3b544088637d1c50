using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class InlineTableTests
{
    [Test]
    public void Spec_inline_tables_equal_their_standard_table_forms()
    {
        const string inline = """
            name = { first = "Tom", last = "Preston-Werner" }
            point = { x = 1, y = 2 }
            animal = { type.name = "pug" }
            """;
        const string standard = """
            [name]
            first = "Tom"
            last = "Preston-Werner"

            [point]
            x = 1
            y = 2

            [animal]
            type.name = "pug"
            """;

        var expected = "{name: {first: \"Tom\", last: \"Preston-Werner\"}, point: {x: 1, y: 2}, animal: {type: {name: \"pug\"}}}";
        Assert.That(TomlDump.Parse(inline), Is.EqualTo(expected));
        Assert.That(TomlDump.Parse(standard), Is.EqualTo(expected));
    }

    [TestCase("v = {}", "{}")]
    [TestCase("v = { }", "{}")]
    [TestCase("v = {\t}", "{}")]
    [TestCase("v = {a=1}", "{a: 1}")]
    [TestCase("v = { a = 1 , b = 2 }", "{a: 1, b: 2}")]
    [TestCase("v = { a = { b = { c = 1 } } }", "{a: {b: {c: 1}}}")]
    [TestCase("v = { a.b = 1, a.c = 2, d = 3 }", "{a: {b: 1, c: 2}, d: 3}")]
    [TestCase("v = { \"quoted key\" = 1, 'lit' = 2 }", "{\"quoted key\": 1, lit: 2}")]
    [TestCase("v = { a = [1,\n2], b = \"\"\"x\ny\"\"\" }", "{a: [1, 2], b: \"x\\ny\"}")]
    [TestCase("v = { a = [ # comment inside an array is fine\n] }", "{a: []}")]
    [TestCase("v = { a = true}", "{a: true}")]
    [TestCase("v = {a = 1979-05-27 07:32:00Z}", "{a: odt(1979-05-27T07:32:00+00:00)}")]
    public void Inline_table_reads_its_pairs(string document, string expected)
    {
        Assert.That(TomlDump.Of(TomlAssert.ValueOf(document)), Is.EqualTo(expected));
    }

    [Test]
    public void Array_of_inline_tables_from_the_spec_reads()
    {
        const string document = """
            points = [ { x = 1, y = 2, z = 3 },
                       { x = 7, y = 8, z = 9 },
                       { x = 2, y = 4, z = 8 } ]
            """;

        Assert.That(TomlDump.Parse(document),
            Is.EqualTo("{points: [{x: 1, y: 2, z: 3}, {x: 7, y: 8, z: 9}, {x: 2, y: 4, z: 8}]}"));
    }

    [TestCase("v = { a = 1, }", 1, 14, "a trailing comma is not allowed in an inline table")]
    [TestCase("v = { a = 1,}", 1, 13, "a trailing comma is not allowed in an inline table")]
    [TestCase("v = {\n}", 1, 6, "an inline table must be on a single line")]
    [TestCase("v = { a = 1\n}", 1, 12, "an inline table must be on a single line")]
    [TestCase("v = { a = 1,\nb = 2 }", 1, 13, "an inline table must be on a single line")]
    [TestCase("v = { a = 1 # comment\n}", 1, 13, "a comment is not allowed inside an inline table")]
    [TestCase("v = { # comment\n}", 1, 7, "a comment is not allowed inside an inline table")]
    [TestCase("v = { a = 1 b = 2 }", 1, 13, "expected ',' or '}' in inline table, found 'b'")]
    [TestCase("v = { a = 1, , b = 2 }", 1, 14, "expected a key, found ','")]
    [TestCase("v = { , }", 1, 7, "expected a key, found ','")]
    [TestCase("v = { a }", 1, 9, "expected '=' after key, found '}'")]
    [TestCase("v = { a}", 1, 8, "expected '=' after key, found '}'")]
    [TestCase("v = { a = }", 1, 11, "expected a value, found '}'")]
    [TestCase("v = { a = 1", 1, 12, "unterminated inline table")]
    [TestCase("v = {", 1, 6, "expected a key, found end of input")]
    [TestCase("v = { a = 1 ]", 1, 13, "expected ',' or '}' in inline table, found ']'")]
    [TestCase("v = { a = 1 } }", 1, 15, "expected a newline after the value, found '}'")]
    [TestCase("v = { a = 1, a = 2 }", 1, 14, "duplicate key \"a\"")]
    [TestCase("v = { a.b = 1, a.b = 2 }", 1, 18, "duplicate key \"a.b\"")]
    [TestCase("v = { a = 1, a.b = 2 }", 1, 14, "key \"a\" is already defined as an integer")]
    [TestCase("v = { a.b = 1, a = {} }", 1, 16, "duplicate key \"a\"")]
    [TestCase("v = { a = {b = 1}, a.c = 2 }", 1, 20, "inline table \"a\" cannot be extended")]
    [TestCase("v = { a = [{}], a.b = 2 }", 1, 17, "cannot extend array \"a\" with dotted keys")]
    public void Malformed_inline_table_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("[product]\ntype = { name = \"Nail\" }\ntype.edible = false", 3, 1, "inline table \"type\" cannot be extended")]
    [TestCase("[product]\ntype.name = \"Nail\"\ntype = { edible = false }", 3, 1, "duplicate key \"type\"")]
    [TestCase("a = {}\n[a]", 2, 2, "inline table \"a\" cannot be extended")]
    [TestCase("a = {}\n[a.b]", 2, 2, "inline table \"a\" cannot be extended")]
    [TestCase("a = { b = {} }\n[a.b]", 2, 2, "inline table \"a\" cannot be extended")]
    [TestCase("a = { b = {} }\na.b.c = 1", 2, 1, "inline table \"a\" cannot be extended")]
    [TestCase("a = {}\n[[a]]", 2, 3, "key \"a\" is already defined as a table")]
    [TestCase("inline-t = { nest = {} }\n[[inline-t.nest]]", 2, 3, "inline table \"inline-t\" cannot be extended")]
    [TestCase("inline-t = { nest = {} }\n[inline-t.nest]", 2, 2, "inline table \"inline-t\" cannot be extended")]
    [TestCase("a = { b.c = 1 }\na.b.d = 2", 2, 1, "inline table \"a\" cannot be extended")]
    [TestCase("a.b = 0\na = {}", 2, 1, "duplicate key \"a\"")]
    [TestCase("[a]\nb = 1\n[x]\n[a.c]\n[a]\nd = { }", 5, 2, "table \"a\" is already defined")]
    [TestCase("[tab.nested]\ninline-t = { nest = {} }\n[tab]\nnested.inline-t.nest = 2", 4, 1, "table \"nested\" is defined by a header and cannot be extended with dotted keys")]
    public void Inline_table_is_sealed_against_later_additions(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
