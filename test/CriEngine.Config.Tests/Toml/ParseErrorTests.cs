using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class ParseErrorTests
{
    [Test]
    public void Message_names_source_line_column_and_reason()
    {
        var error = Assert.Throws<TomlParseException>(() => TomlParser.Parse("a = 1\na = 2\n", "/etc/crio/crio.conf"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Source, Is.EqualTo("/etc/crio/crio.conf"));
            Assert.That(error.Line, Is.EqualTo(2));
            Assert.That(error.Column, Is.EqualTo(1));
            Assert.That(error.Position, Is.EqualTo(new TomlPosition(2, 1)));
            Assert.That(error.Reason, Is.EqualTo("duplicate key \"a\""));
            Assert.That(error.Message, Is.EqualTo("/etc/crio/crio.conf:2:1: duplicate key \"a\""));
        });
    }

    [Test]
    public void Source_defaults_to_a_placeholder_name()
    {
        var error = TomlAssert.Rejects("x");

        Assert.That(error.Source, Is.EqualTo("<string>"));
        Assert.That(error.Message, Is.EqualTo("<string>:1:2: expected '=' after key, found end of input"));
    }

    [Test]
    public void Source_is_also_visible_through_the_base_exception_type()
    {
        Exception error = TomlAssert.Rejects("x");

        Assert.That(error.Message, Does.StartWith("<string>:1:2: "));
    }

    [Test]
    public void Error_points_at_the_first_problem_when_there_are_several()
    {
        TomlAssert.Rejects("a = 1\nb = 01\nc = 01", 2, 5, "leading zeros are not allowed");
    }

    [Test]
    public void Null_text_is_an_argument_error_not_a_parse_error()
    {
        Assert.Throws<ArgumentNullException>(() => TomlParser.Parse(null!));
    }
}
