namespace CriEngine.Config.Tests;

public sealed class ValueCollectionTests
{
    [Test]
    public void Lists_with_the_same_items_are_equal()
    {
        Assert.That(ValueList<string>.Of("a", "b"), Is.EqualTo(ValueList<string>.From(["a", "b"])));
        Assert.That(ValueList<string>.Of("a", "b").GetHashCode(), Is.EqualTo(ValueList<string>.Of("a", "b").GetHashCode()));
        Assert.That(ValueList<string>.Of("a", "b"), Is.Not.EqualTo(ValueList<string>.Of("b", "a")));
    }

    [Test]
    public void Maps_with_the_same_entries_are_equal_whatever_the_order_they_were_made_in()
    {
        var ab = ValueMap<string>.Empty.SetItem("a", "1").SetItem("b", "2");
        var ba = ValueMap<string>.Empty.SetItem("b", "2").SetItem("a", "1");

        Assert.That(ab, Is.EqualTo(ba));
        Assert.That(ab.GetHashCode(), Is.EqualTo(ba.GetHashCode()));
        Assert.That(ab.Keys, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(ab, Is.Not.EqualTo(ab.SetItem("b", "3")));
    }

    [Test]
    public void Records_holding_collections_compare_by_value()
    {
        var defaults = ConfigLoader.Defaults;
        var same = defaults with { Network = defaults.Network with { PluginDirs = ValueList<string>.Of("/opt/cni/bin/") } };

        Assert.That(same, Is.EqualTo(defaults));
    }
}
