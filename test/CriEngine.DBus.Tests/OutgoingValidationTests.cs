namespace CriEngine.DBus.Tests;

/// <summary>What the client sends is checked before it goes: a bad value is the caller's error, not the bus's.</summary>
public sealed class OutgoingValidationTests
{
    [Test]
    public void Match_rule_quotes_its_values_and_escapes_quotes()
    {
        var rule = new DBusMatchRule
        {
            Sender = "org.freedesktop.systemd1",
            Interface = "org.freedesktop.systemd1.Manager",
            Member = "JobRemoved",
            Path = new DBusObjectPath("/org/freedesktop/systemd1"),
            Arg0 = "it's",
        };
        Assert.That(rule.ToString(), Is.EqualTo(
            "type='signal',sender='org.freedesktop.systemd1',interface='org.freedesktop.systemd1.Manager',member='JobRemoved',path='/org/freedesktop/systemd1',arg0='it'\\''s'"));
    }

    [Test]
    public void Invalid_object_path_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _ = new DBusObjectPath("/a/"));
        Assert.Throws<ArgumentException>(() => _ = new DBusObjectPath("a"));
        Assert.Throws<ArgumentException>(() => _ = new DBusObjectPath("/a-b"));
    }

    [Test]
    public void Value_that_does_not_fit_its_type_is_refused_when_written()
    {
        var writer = new DBusWriter();
        Assert.That(() => writer.WriteValues(new DBusSignature("u"), ["five"]), Throws.ArgumentException.With.Message.Contains("not a value of D-Bus type 'u'"));
        Assert.That(() => writer.WriteValues(new DBusSignature("s"), ["a\0b"]), Throws.ArgumentException.With.Message.Contains("nul"));
        Assert.That(() => writer.WriteValues(new DBusSignature("(su)"), [new DBusStruct("x")]), Throws.ArgumentException);
    }
}
