using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class NestingLimitTests
{
    private const string TooDeep = "arrays and inline tables are nested more than 128 levels deep";

    [Test]
    public void Arrays_nested_up_to_the_limit_are_read()
    {
        var depth = TomlParser.MaxDepth;
        var value = TomlAssert.ValueOf("v = " + new string('[', depth) + "1" + new string(']', depth));

        for (var i = 0; i < depth; i++)
            value = ((TomlArray)value)[0];
        Assert.That(((TomlInteger)value).Value, Is.EqualTo(1));
    }

    [Test]
    public void Arrays_nested_beyond_the_limit_are_rejected()
    {
        TomlAssert.Rejects("v = " + new string('[', 129) + new string(']', 129), 1, 133, TooDeep);
    }

    [Test]
    public void Inline_tables_nested_beyond_the_limit_are_rejected()
    {
        var document = "v = " + string.Concat(Enumerable.Repeat("{a=", 129)) + "1" + new string('}', 129);

        TomlAssert.Rejects(document, 1, 5 + 128 * 3, TooDeep);
    }

    [Test]
    public void Arrays_and_inline_tables_count_together_towards_the_limit()
    {
        var document = "v = " + string.Concat(Enumerable.Repeat("[{a=", 65)) + "1" + string.Concat(Enumerable.Repeat("}]", 65));

        TomlAssert.Rejects(document, 1, 5 + 64 * 4, TooDeep);
    }

    [TestCase(100_000)]
    [TestCase(1_000_000)]
    public void Hostile_nesting_is_rejected_without_exhausting_the_stack(int depth)
    {
        Assert.Multiple(() =>
        {
            Assert.That(TomlAssert.Rejects("v = " + new string('[', depth)).Reason, Is.EqualTo(TooDeep));
            Assert.That(TomlAssert.Rejects("v = " + string.Concat(Enumerable.Repeat("{a=", depth))).Reason, Is.EqualTo(TooDeep));
        });
    }

    [Test]
    public void Key_with_up_to_the_limit_of_parts_is_read()
    {
        var table = TomlParser.Parse(string.Join('.', Enumerable.Repeat("a", TomlParser.MaxDepth)) + " = 1");

        Assert.That(table.Count, Is.EqualTo(1));
    }

    [Test]
    public void Key_with_more_parts_than_the_limit_is_rejected()
    {
        TomlAssert.Rejects(string.Join('.', Enumerable.Repeat("a", 129)) + " = 1", 1, 257, "key has more than 128 parts");
        TomlAssert.Rejects("[" + string.Join('.', Enumerable.Repeat("a", 100_000)) + "]", 1, 258, "key has more than 128 parts");
    }
}
