using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class CommentTests
{
    [Test]
    public void Full_line_and_end_of_line_comments_are_ignored_but_hash_in_string_is_kept()
    {
        const string document = """
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"
            """;

        Assert.That(TomlDump.Parse(document), Is.EqualTo("{key: \"value\", another: \"# This is not a comment\"}"));
    }

    [TestCase("# only a comment", "{}")]
    [TestCase("a = 1 # no newline at the end", "{a: 1}")]
    [TestCase("a = 1#no space before the hash", "{a: 1}")]
    [TestCase("a = 'x'#after a literal", "{a: \"x\"}")]
    [TestCase("#\n#\n", "{}")]
    [TestCase("# tab\tand non-ASCII é 😂 ℕ", "{}")]
    [TestCase("# printable ASCII ~!@#$%^&*()_+-={}[]|\\:;\"'<>,.?/", "{}")]
    [TestCase("[t] # comment after a header\nk = 1", "{t: {k: 1}}")]
    [TestCase("a = [ # comment after the bracket\n  1, # after an element\n  # own line\n  2\n  # before the bracket\n]", "{a: [1, 2]}")]
    [TestCase("# comment\r\na = 1 # CRLF after a comment\r\n", "{a: 1}")]
    public void Comment_is_ignored(string document, string expected)
    {
        Assert.That(TomlDump.Parse(document), Is.EqualTo(expected));
    }

    [Test]
    public void Bare_carriage_return_in_comment_is_rejected()
    {
        TomlAssert.Rejects("# bare CR \r here", 1, 11, "control character carriage return is not allowed in a comment");
    }
}
