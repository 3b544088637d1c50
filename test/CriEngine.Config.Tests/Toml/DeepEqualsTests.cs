using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class DeepEqualsTests
{
    [TestCase("a = 1", "a = 1")]
    [TestCase("a = 1\nb = 2", "b = 2\na = 1")]
    [TestCase("a = 'x'", "a = \"x\"")]
    [TestCase("a = 0x10", "a = 16")]
    [TestCase("a = 1.0", "a = 1e0")]
    [TestCase("a = nan", "a = -nan")]
    [TestCase("a = 1979-05-27T07:32:00Z", "a = 1979-05-27 07:32:00+00:00")]
    [TestCase("a = {b = 1}", "[a]\nb = 1")]
    [TestCase("a = [{b = 1}]", "[[a]]\nb = 1")]
    [TestCase("a.b.c = 1", "[a.b]\nc = 1")]
    [TestCase("\n\n  a = [1,\n2]", "a = [1, 2]")]
    public void Equal_trees_are_equal_whatever_their_syntax_positions_or_key_order(string left, string right)
    {
        Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(left), TomlParser.Parse(right)), Is.True);
    }

    [TestCase("a = 1", "a = 2")]
    [TestCase("a = 1", "b = 1")]
    [TestCase("a = 1", "a = 1.0")]
    [TestCase("a = 1", "a = '1'")]
    [TestCase("a = 0.0", "a = -0.0")]
    [TestCase("a = true", "a = false")]
    [TestCase("a = 'A'", "a = 'a'")]
    [TestCase("a = 1979-05-27T07:32:00Z", "a = 1979-05-27T07:32:00")]
    [TestCase("a = 1979-05-27T07:32:00Z", "a = 1979-05-27T08:32:00+01:00")]
    [TestCase("a = 07:32:00", "a = 07:32:00.001")]
    [TestCase("a = [1, 2]", "a = [2, 1]")]
    [TestCase("a = [1]", "a = [1, 1]")]
    [TestCase("a = {}", "a = []")]
    [TestCase("a = 1", "a = 1\nb = 2")]
    [TestCase("a = {b = 1}", "a = {b = 1, c = 2}")]
    [TestCase("a = {b = {c = 1}}", "a = {b = {c = 2}}")]
    public void Different_trees_are_not_equal(string left, string right)
    {
        Assert.Multiple(() =>
        {
            Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(left), TomlParser.Parse(right)), Is.False);
            Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(right), TomlParser.Parse(left)), Is.False);
        });
    }

    [Test]
    public void Values_compare_with_positions_ignored()
    {
        Assert.That(TomlWriter.DeepEquals(new TomlInteger(1, new TomlPosition(1, 1)), new TomlInteger(1, new TomlPosition(9, 9))), Is.True);
    }
}
