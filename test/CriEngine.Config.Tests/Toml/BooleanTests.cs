using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class BooleanTests
{
    [TestCase("v = true", true)]
    [TestCase("v = false", false)]
    [TestCase("v=true#comment", true)]
    public void Boolean_reads_as_bool(string document, bool expected)
    {
        var value = TomlAssert.ValueOf(document);

        Assert.That(value, Is.TypeOf<TomlBoolean>());
        Assert.That(((TomlBoolean)value).Value, Is.EqualTo(expected));
    }

    [TestCase("v = True", "True")]
    [TestCase("v = FALSE", "FALSE")]
    [TestCase("v = tRUE", "tRUE")]
    [TestCase("v = t", "t")]
    [TestCase("v = f", "f")]
    [TestCase("v = tru", "tru")]
    [TestCase("v = fals", "fals")]
    [TestCase("v = truee", "truee")]
    [TestCase("v = falsey", "falsey")]
    [TestCase("v = true1", "true1")]
    [TestCase("v = yes", "yes")]
    public void Boolean_with_wrong_spelling_is_rejected(string document, string token)
    {
        TomlAssert.Rejects(document, 1, 5, $"invalid value \"{token}\" (strings must be quoted, booleans are lowercase)");
    }

    [TestCase("v = true false", 1, 10, "expected a newline after the value, found 'f'")]
    [TestCase("v = true\"", 1, 9, "expected a newline after the value, found '\"'")]
    [TestCase("v = \"true", 1, 10, "unterminated string")]
    public void Text_after_boolean_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
