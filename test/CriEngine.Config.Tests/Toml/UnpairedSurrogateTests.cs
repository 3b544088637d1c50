using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

/// <summary>
/// Unpaired surrogates cannot be encoded in UTF-8, so a TOML file cannot contain one. The cases are built
/// in code because attribute arguments are stored as UTF-8 and would not keep a lone surrogate.
/// </summary>
public class UnpairedSurrogateTests
{
    private const char High = '\uD800';
    private const char Low = '\uDC00';

    [Test]
    public void Unpaired_high_surrogate_in_basic_string_is_rejected()
    {
        TomlAssert.Rejects($"v = \"a{High}\"", 1, 7, "invalid character U+D800 (unpaired surrogate)");
    }

    [Test]
    public void Surrogates_in_the_wrong_order_are_rejected()
    {
        TomlAssert.Rejects($"v = \"{Low}{High}\"", 1, 6, "invalid character U+DC00 (unpaired surrogate)");
    }

    [Test]
    public void Unpaired_surrogate_in_literal_string_is_rejected()
    {
        TomlAssert.Rejects($"v = '{High}'", 1, 6, "invalid character U+D800 (unpaired surrogate)");
    }

    [Test]
    public void Unpaired_surrogate_in_multiline_strings_is_rejected()
    {
        TomlAssert.Rejects($"v = \"\"\"\n{Low}\"\"\"", 2, 1, "invalid character U+DC00 (unpaired surrogate)");
        TomlAssert.Rejects($"v = '''\n{High}'''", 2, 1, "invalid character U+D800 (unpaired surrogate)");
    }

    [Test]
    public void Unpaired_surrogate_in_comment_is_rejected()
    {
        TomlAssert.Rejects($"a = 1\n# {High} lone", 2, 3, "invalid character U+D800 (unpaired surrogate)");
        TomlAssert.Rejects($"# {Low}", 1, 3, "invalid character U+DC00 (unpaired surrogate)");
    }

    [Test]
    public void Unpaired_surrogate_at_the_end_of_a_comment_is_rejected()
    {
        TomlAssert.Rejects($"# {High}", 1, 3, "invalid character U+D800 (unpaired surrogate)");
    }

    [Test]
    public void Unpaired_surrogate_outside_strings_is_rejected()
    {
        TomlAssert.Rejects($"{High} = 1", 1, 1, "expected a key, found U+D800");
        TomlAssert.Rejects($"a = {Low}", 1, 5, "expected a value, found U+DC00");
    }

    [Test]
    public void Surrogate_pair_is_accepted_everywhere_text_is()
    {
        Assert.That(TomlDump.Parse("# 😂\nv = [\"😂\", '😂', \"\"\"😂\"\"\", '''😂''']"), Is.EqualTo("{v: [\"😂\", \"😂\", \"😂\", \"😂\"]}"));
    }
}
