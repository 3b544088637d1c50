using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class RoundTripTests
{
    private static IEnumerable<string> Samples => TomlSamples.Valid;

    [TestCaseSource(nameof(Samples))]
    public void Written_document_parses_back_to_an_equal_tree(string document)
    {
        var original = TomlParser.Parse(document);
        var written = TomlWriter.Write(original);

        Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(written), original), Is.True, written);
    }

    [TestCaseSource(nameof(Samples))]
    public void Writing_a_written_document_again_changes_nothing(string document)
    {
        var written = TomlWriter.Write(TomlParser.Parse(document));

        Assert.That(TomlWriter.Write(TomlParser.Parse(written)), Is.EqualTo(written));
    }

    [TestCaseSource(nameof(Samples))]
    public void Formatted_values_parse_back_to_equal_values(string document)
    {
        foreach (var (key, value) in TomlParser.Parse(document))
        {
            var text = TomlWriter.FormatKey(key) + " = " + TomlWriter.FormatValue(value);

            Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(text)[key], value), Is.True, text);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Random_trees_built_in_code_survive_write_and_parse(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 200; i++)
        {
            var tree = RandomTomlTree.Table(random, depth: 0);
            var written = TomlWriter.Write(tree);

            Assert.That(TomlWriter.DeepEquals(TomlParser.Parse(written), tree), Is.True, written);
        }
    }
}
