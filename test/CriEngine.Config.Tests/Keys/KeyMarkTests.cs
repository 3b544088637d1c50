using CriEngine.Config.Schema;

namespace CriEngine.Config.Tests.Keys;

/// <summary>
/// A key's mark (acted on, or not with a reason) is what users are told, in warnings,
/// <c>criengine config</c> and docs/crio-keys.md; these tests hold it to the code.
/// </summary>
public sealed class KeyMarkTests
{
    [Test]
    public void Every_key_is_either_acted_on_or_says_why_not()
    {
        var wrong = SchemaKey.All
            .Where(key => key.ActedOn == !string.IsNullOrWhiteSpace(key.NotActedOnReason))
            .Select(key => key.ActedOn ? $"{key.Path}: marked acted on but gives a reason not to be" : $"{key.Path}: not acted on and gives no reason");

        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public void Every_flag_the_engine_does_not_act_on_says_why()
    {
        Assert.That(CommandLineFlags.All.Where(flag => !flag.ActedOn && string.IsNullOrWhiteSpace(flag.NotActedOnReason)).Select(flag => flag.Name), Is.Empty);
    }

    [Test]
    public void Every_key_binds_to_one_property_of_the_config_records()
    {
        var properties = KeyProperties.Find();

        Assert.That(SchemaKey.All.Where(key => properties[key.Path].Count() != 1).Select(key => $"{key.Path}: {properties[key.Path].Count()} properties"), Is.Empty);
    }

    /// <summary>
    /// Fails when a key is marked acted on but the daemon never reads it, or the daemon reads a
    /// key marked not acted on: flip its trait (and drop or give its reason) in Schema/*Keys.cs.
    /// </summary>
    [Test]
    public void A_key_is_marked_acted_on_exactly_when_the_daemon_reads_it()
    {
        var properties = KeyProperties.Find();

        var wrong = SchemaKey.All
            .Select(key => (key, Read: properties[key.Path].Any(property => EngineReads.Calls(property.GetMethod!))))
            .Where(pair => pair.key.ActedOn != pair.Read)
            .Select(pair => pair.Read
                ? $"{pair.key.Path}: the daemon reads it, but it is marked not acted on"
                : $"{pair.key.Path}: marked acted on, but the daemon never reads it");

        Assert.That(wrong, Is.Empty);
    }
}
