using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class ArrayOfTablesTests
{
    [Test]
    public void Each_double_bracket_header_appends_a_table()
    {
        const string document = """
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            sku = 284758393

            color = "gray"
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{products: [{name: \"Hammer\", sku: 738594937}, {}, {name: \"Nail\", sku: 284758393, color: \"gray\"}]}"));
    }

    [Test]
    public void Sub_tables_and_nested_arrays_attach_to_the_latest_element()
    {
        const string document = """
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"


            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo(
            "{fruits: [{name: \"apple\", physical: {color: \"red\", shape: \"round\"}, "
            + "varieties: [{name: \"red delicious\"}, {name: \"granny smith\"}]}, "
            + "{name: \"banana\", varieties: [{name: \"plantain\"}]}]}"));
    }

    [TestCase("[[a.b]]\nx = 1\n[a]\ny = 2", "{a: {b: [{x: 1}], y: 2}}")]
    [TestCase("[a]\n[[a.b]]\n[[a.b]]", "{a: {b: [{}, {}]}}")]
    [TestCase("[[a]]\nb.c = 1\n[[a]]\nb.c = 2", "{a: [{b: {c: 1}}, {b: {c: 2}}]}")]
    [TestCase("[[a]]\n[a.b]\n[[a]]\n[a.b]", "{a: [{b: {}}, {b: {}}]}")]
    [TestCase("[[a]]\n[[a.b]]\n[a.b.c]\nd = 1", "{a: [{b: [{c: {d: 1}}]}]}")]
    [TestCase("[[a.b.c]]\n[[a.b.c]]", "{a: {b: {c: [{}, {}]}}}")]
    [TestCase("[[ a . 'b' ]]", "{a: {b: [{}]}}")]
    [TestCase("[[a]]\nb.c = 1\n[a.d]", "{a: [{b: {c: 1}, d: {}}]}")]
    public void Arrays_of_tables_combine_with_other_tables(string document, string expected)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo(expected));
    }

    [Test]
    public void Array_of_tables_is_an_array_of_tables()
    {
        var products = TomlParser.Parse("[[p]]\n[[p]]")["p"];

        Assert.That(products, Is.TypeOf<TomlArray>());
        Assert.That((TomlArray)products, Has.Count.EqualTo(2).And.All.TypeOf<TomlTable>());
    }

    [TestCase("[fruit.physical]\ncolor = \"red\"\nshape = \"round\"\n\n[[fruit]]\nname = \"apple\"", 5, 3, "key \"fruit\" is already defined as a table")]
    [TestCase("fruits = []\n\n[[fruits]] # Not allowed", 3, 3, "cannot append to static array \"fruits\"")]
    [TestCase("fruits = [{a = 1}]\n[[fruits]]", 2, 3, "cannot append to static array \"fruits\"")]
    [TestCase("[[fruits]]\nname = \"apple\"\n\n[[fruits.varieties]]\nname = \"red delicious\"\n\n[fruits.varieties]\nname = \"granny smith\"",
        7, 9, "key \"fruits.varieties\" is already defined as an array of tables")]
    [TestCase("[[fruits]]\n[fruits.physical]\ncolor = \"red\"\n\n[[fruits.physical]]\ncolor = \"green\"", 5, 10, "key \"fruits.physical\" is already defined as a table")]
    [TestCase("[[albums.songs]]\nname = \"Glory Days\"\n\n[[albums]]\nname = \"Born in the USA\"", 4, 3, "key \"albums\" is already defined as a table")]
    [TestCase("[[a]]\n[a]", 2, 2, "key \"a\" is already defined as an array of tables")]
    [TestCase("[[a.b]]\n\n[a]\nb.y = 2", 4, 1, "cannot extend array \"b\" with dotted keys")]
    [TestCase("a = 1\n[[a]]", 2, 3, "key \"a\" is already defined as an integer")]
    [TestCase("a = 1\n[[a.b]]", 2, 3, "key \"a\" is already defined as an integer")]
    [TestCase("a.b = 1\n[[a]]", 2, 3, "key \"a\" is already defined as a table")]
    [TestCase("[[a]]\nb = 1\n[[a.b]]", 3, 5, "key \"a.b\" is already defined as an integer")]
    [TestCase("[[]]", 1, 3, "expected a key, found ']'")]
    [TestCase("[[a]]]", 1, 6, "expected a newline after the table header, found ']'")]
    [TestCase("[[a]] x = 1", 1, 7, "expected a newline after the table header, found 'x'")]
    public void Conflicting_array_of_tables_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
