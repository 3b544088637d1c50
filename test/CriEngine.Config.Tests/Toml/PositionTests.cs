using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class PositionTests
{
    [Test]
    public void Every_value_carries_the_position_where_it_starts()
    {
        const string document = "a = 1\n  b = \"x\"\nc = [ 1, [2] ]\nd = { e = true }\nf = 1979-05-27 07:32:00\ng = '''\nq'''";

        var table = TomlParser.Parse(document);
        var c = (TomlArray)table["c"];
        var d = (TomlTable)table["d"];

        Assert.Multiple(() =>
        {
            Assert.That(table.Position, Is.EqualTo(new TomlPosition(1, 1)));
            Assert.That(table["a"].Position, Is.EqualTo(new TomlPosition(1, 5)));
            Assert.That(table["b"].Position, Is.EqualTo(new TomlPosition(2, 7)));
            Assert.That(c.Position, Is.EqualTo(new TomlPosition(3, 5)));
            Assert.That(c[0].Position, Is.EqualTo(new TomlPosition(3, 7)));
            Assert.That(c[1].Position, Is.EqualTo(new TomlPosition(3, 10)));
            Assert.That(((TomlArray)c[1])[0].Position, Is.EqualTo(new TomlPosition(3, 11)));
            Assert.That(d.Position, Is.EqualTo(new TomlPosition(4, 5)));
            Assert.That(d["e"].Position, Is.EqualTo(new TomlPosition(4, 11)));
            Assert.That(table["f"].Position, Is.EqualTo(new TomlPosition(5, 5)));
            Assert.That(table["g"].Position, Is.EqualTo(new TomlPosition(6, 5)));
        });
    }

    [Test]
    public void Table_is_positioned_at_its_header()
    {
        var table = TomlParser.Parse("\n  [a.b]\nx = 1\n[[c]]\n[[c]]\ny = 2");
        var a = (TomlTable)table["a"];
        var c = (TomlArray)table["c"];

        Assert.Multiple(() =>
        {
            Assert.That(a["b"].Position, Is.EqualTo(new TomlPosition(2, 3)));
            Assert.That(((TomlTable)a["b"])["x"].Position, Is.EqualTo(new TomlPosition(3, 5)));
            Assert.That(c.Position, Is.EqualTo(new TomlPosition(4, 1)));
            Assert.That(c[0].Position, Is.EqualTo(new TomlPosition(4, 1)));
            Assert.That(c[1].Position, Is.EqualTo(new TomlPosition(5, 1)));
        });
    }

    [Test]
    public void Implicit_table_moves_to_its_own_header_when_defined_later()
    {
        var table = TomlParser.Parse("[a.b]\n\n[a]\n");

        Assert.That(table["a"].Position, Is.EqualTo(new TomlPosition(3, 1)));
    }

    [Test]
    public void Implicit_table_is_positioned_at_the_header_that_created_it()
    {
        var table = TomlParser.Parse("x = 1\n[a.b.c]\n");
        var a = (TomlTable)table["a"];

        Assert.That(a.Position, Is.EqualTo(new TomlPosition(2, 1)));
        Assert.That(a["b"].Position, Is.EqualTo(new TomlPosition(2, 1)));
    }

    [Test]
    public void Table_made_by_dotted_keys_is_positioned_at_the_first_dotted_key()
    {
        var table = TomlParser.Parse("x = 1\n  fruit.apple.color = 1\nfruit.apple.taste = 2");
        var fruit = (TomlTable)table["fruit"];

        Assert.That(fruit.Position, Is.EqualTo(new TomlPosition(2, 3)));
        Assert.That(fruit["apple"].Position, Is.EqualTo(new TomlPosition(2, 3)));
    }

    [Test]
    public void Lines_count_lf_and_crlf_newlines_including_those_inside_strings()
    {
        var table = TomlParser.Parse("a = \"\"\"\r\n\r\nx\"\"\"\r\nb = [\n1,\r\n2]\r\nc = 3");

        Assert.That(table["b"].Position, Is.EqualTo(new TomlPosition(4, 5)));
        Assert.That(((TomlArray)table["b"])[1].Position, Is.EqualTo(new TomlPosition(6, 1)));
        Assert.That(table["c"].Position, Is.EqualTo(new TomlPosition(7, 5)));
    }

    [Test]
    public void Column_counts_a_character_outside_the_bmp_once()
    {
        var table = TomlParser.Parse("\"😂😂\" = 1");

        Assert.That(table["😂😂"].Position, Is.EqualTo(new TomlPosition(1, 8)));
    }

    [Test]
    public void Column_counts_a_tab_once()
    {
        Assert.That(TomlParser.Parse("\ta\t=\t1")["a"].Position, Is.EqualTo(new TomlPosition(1, 6)));
    }

    [Test]
    public void Error_after_non_bmp_characters_points_at_the_right_column()
    {
        TomlAssert.Rejects("a = \"😂😂\" x", 1, 10, "expected a newline after the value, found 'x'");
    }
}
