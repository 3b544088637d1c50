using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

internal static class TomlAssert
{
    /// <summary>Asserts the document is rejected, and where and why.</summary>
    public static void Rejects(string document, int line, int column, string reason)
    {
        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse(document))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Reason, Is.EqualTo(reason));
            Assert.That((error.Line, error.Column), Is.EqualTo((line, column)), error.Message);
        });
    }

    /// <summary>Asserts the document is rejected, for tests that only care that it is.</summary>
    public static TomlParseException Rejects(string document) =>
        Assert.Throws<TomlParseException>(() => TomlParser.Parse(document))!;

    /// <summary>Parses a single-key document and returns the value of that key.</summary>
    public static TomlValue ValueOf(string document, string key = "v") => TomlParser.Parse(document)[key];
}
