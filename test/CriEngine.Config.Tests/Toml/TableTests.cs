using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class TableTests
{
    [Test]
    public void Header_starts_a_table_that_holds_the_following_pairs()
    {
        const string document = """
            [table-1]
            key1 = "some string"
            key2 = 123

            [table-2]
            key1 = "another string"
            key2 = 456
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{table-1: {key1: \"some string\", key2: 123}, table-2: {key1: \"another string\", key2: 456}}"));
    }

    [Test]
    public void Header_names_follow_key_rules()
    {
        Assert.That(TomlDump.Parse("[dog.\"tater.man\"]\ntype.name = \"pug\""),
            Is.EqualTo("{dog: {\"tater.man\": {type: {name: \"pug\"}}}}"));
    }

    [TestCase("[a.b.c]", "{a: {b: {c: {}}}}")]
    [TestCase("[ d.e.f ]", "{d: {e: {f: {}}}}")]
    [TestCase("[ g .  h  . i ]", "{g: {h: {i: {}}}}")]
    [TestCase("[ j . \"ʞ\" . 'l' ]", "{j: {\"ʞ\": {l: {}}}}")]
    [TestCase("\t[\ta\t]\t", "{a: {}}")]
    [TestCase("  [a]\n  b = 1", "{a: {b: 1}}")]
    [TestCase("[\"\"]", "{\"\": {}}")]
    [TestCase("['']\nx = 1", "{\"\": {x: 1}}")]
    [TestCase("[\"a\".b]", "{a: {b: {}}}")]
    [TestCase("[1.2]", "{1: {2: {}}}")]
    [TestCase("[true]", "{true: {}}")]
    [TestCase("[a]#comment", "{a: {}}")]
    public void Whitespace_and_quoting_in_headers_are_ignored(string document, string expected)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo(expected));
    }

    [Test]
    public void Super_tables_are_created_implicitly_and_may_be_defined_afterwards()
    {
        const string document = """
            # [x] you
            # [x.y] don't
            # [x.y.z] need these
            [x.y.z.w] # for this to work

            [x] # defining a super-table afterward is ok
            k = 1
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo("{x: {y: {z: {w: {}}}, k: 1}}"));
    }

    [Test]
    public void Tables_defined_out_of_order_are_valid()
    {
        Assert.That(TomlDump.Parse("[fruit.apple]\n[animal]\n[fruit.orange]"),
            Is.EqualTo("{fruit: {apple: {}, orange: {}}, animal: {}}"));
    }

    [Test]
    public void Root_table_ends_at_the_first_header()
    {
        const string document = """
            # Top-level table begins.
            name = "Fido"
            breed = "pug"

            # Top-level table ends.
            [owner]
            name = "Regina Dogman"
            member_since = 1999-08-04
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{name: \"Fido\", breed: \"pug\", owner: {name: \"Regina Dogman\", member_since: ld(1999-08-04)}}"));
    }

    [Test]
    public void Dotted_keys_create_tables_for_each_part_but_the_last()
    {
        const string document = """
            fruit.apple.color = "red"
            fruit.apple.taste.sweet = true
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo("{fruit: {apple: {color: \"red\", taste: {sweet: true}}}}"));
    }

    [Test]
    public void Header_may_define_a_sub_table_of_a_table_made_by_dotted_keys()
    {
        const string document = """
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]  # you can add sub-tables
            smooth = true
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{fruit: {apple: {color: \"red\", taste: {sweet: true}, texture: {smooth: true}}}}"));
    }

    [TestCase("a.b = 1\n[a.c]\nd = 2", "{a: {b: 1, c: {d: 2}}}")]
    [TestCase("[a.b.c]\nz = 1\n[a]\nb.d = 2", "{a: {b: {c: {z: 1}, d: 2}}}")]
    [TestCase("[a.b]\n[a]\nc = 1", "{a: {b: {}, c: 1}}")]
    [TestCase("[a]\n[a.b]\n[a.b.c]\n[a.d]", "{a: {b: {c: {}}, d: {}}}")]
    [TestCase("[a.b.c]\n[a.b]\n[a]", "{a: {b: {c: {}}}}")]
    [TestCase("[a]\nb.c.d = 1\n[a.b.c.e]\nf = 2", "{a: {b: {c: {d: 1, e: {f: 2}}}}}")]
    [TestCase("[a]\nx.y = 1\n[a.x.z]\n[b]\nx.y = 2", "{a: {x: {y: 1, z: {}}}, b: {x: {y: 2}}}")]
    public void Headers_and_dotted_keys_combine_when_each_table_is_defined_once(string document, string expected)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo(expected));
    }

    [TestCase("[fruit]\napple = \"red\"\n\n[fruit]\norange = \"orange\"", 4, 2, "table \"fruit\" is already defined")]
    [TestCase("[fruit]\napple = \"red\"\n\n[fruit.apple]\ntexture = \"smooth\"", 4, 8, "key \"fruit.apple\" is already defined as a string")]
    [TestCase("[a]\n[a]", 2, 2, "table \"a\" is already defined")]
    [TestCase("[a.b]\n[a.b]", 2, 4, "table \"a.b\" is already defined")]
    [TestCase("[a]\n[\"a\"]", 2, 2, "table \"a\" is already defined")]
    [TestCase("[a.b]\n[a]\n[a]", 3, 2, "table \"a\" is already defined")]
    [TestCase("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple]", 4, 8, "table \"fruit.apple\" is already defined by dotted keys")]
    [TestCase("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.taste]", 4, 14, "table \"fruit.apple.taste\" is already defined by dotted keys")]
    [TestCase("a.b = 1\n[a]", 2, 2, "table \"a\" is already defined by dotted keys")]
    [TestCase("a = 1\n[a]", 2, 2, "key \"a\" is already defined as an integer")]
    [TestCase("a = 1\n[a.b]", 2, 2, "key \"a\" is already defined as an integer")]
    [TestCase("a = [1]\n[a]", 2, 2, "key \"a\" is already defined as an array")]
    [TestCase("a = [{}]\n[a.b]", 2, 2, "cannot add a table to static array \"a\"")]
    [TestCase("[a]\nb = 1\n[a.b]", 3, 4, "key \"a.b\" is already defined as an integer")]
    [TestCase("[a]\nb = 1\n[a.b.c]", 3, 4, "key \"a.b\" is already defined as an integer")]
    [TestCase("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 3, "table \"b.c\" is defined by a header and cannot be extended with dotted keys")]
    [TestCase("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", 4, 5, "table \"b.c.d\" is defined by a header and cannot be extended with dotted keys")]
    [TestCase("[a.b.c]\n[a]\nb.x = 1\n[a.b]", 4, 4, "table \"a.b\" is already defined by dotted keys")]
    [TestCase("[a]\n[a.b]\n[a]\n", 3, 2, "table \"a\" is already defined")]
    public void Table_defined_twice_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("[]", 1, 2, "expected a key, found ']'")]
    [TestCase("[ ]", 1, 3, "expected a key, found ']'")]
    [TestCase("[a", 1, 3, "expected ']' to close the table header, found end of input")]
    [TestCase("[a\n]", 1, 3, "expected ']' to close the table header, found newline")]
    [TestCase("[a b]", 1, 4, "expected ']' to close the table header, found 'b'")]
    [TestCase("[a.]", 1, 4, "expected a key, found ']'")]
    [TestCase("[.a]", 1, 2, "expected a key, found '.'")]
    [TestCase("[a..b]", 1, 4, "expected a key, found '.'")]
    [TestCase("[a]]", 1, 4, "expected a newline after the table header, found ']'")]
    [TestCase("[a] b = 1", 1, 5, "expected a newline after the table header, found 'b'")]
    [TestCase("[a]b", 1, 4, "expected a newline after the table header, found 'b'")]
    [TestCase("[[a]", 1, 5, "expected ']]' to close the array of tables header, found end of input")]
    [TestCase("[[a] ]", 1, 5, "expected ']]' to close the array of tables header, found space")]
    [TestCase("[ [a] ]", 1, 3, "expected a key, found '['")]
    [TestCase("[a = 1]", 1, 4, "expected ']' to close the table header, found '='")]
    [TestCase("[a#b]", 1, 3, "expected ']' to close the table header, found '#'")]
    [TestCase("[a] = 1", 1, 5, "expected a newline after the table header, found '='")]
    [TestCase("[\"\"\"a\"\"\"]", 1, 2, "a multi-line string cannot be used as a key")]
    [TestCase("[a/b]", 1, 3, "invalid character '/' in key")]
    [TestCase("a = 1 [b]", 1, 7, "expected a newline after the value, found '['")]
    [TestCase("{a = 1}", 1, 1, "expected a key, found '{'")]
    public void Malformed_header_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
