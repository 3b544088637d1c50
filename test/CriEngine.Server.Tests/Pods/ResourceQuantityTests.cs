using CriEngine.Server.Pods;

namespace CriEngine.Server.Tests.Pods;

public sealed class ResourceQuantityTests
{
    [TestCase("16Mi", 16L << 20)]
    [TestCase("1.5Gi", 3L << 29)]
    [TestCase("1G", 1_000_000_000L)]
    [TestCase("64k", 64_000L)]
    [TestCase("100000", 100_000L)]
    public void Quantities_are_read_in_bytes(string text, long bytes)
    {
        Assert.That(ResourceQuantity.TryParseBytes(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(bytes));
    }

    [TestCase("")]
    [TestCase("16MB")]
    [TestCase("0.5")]
    [TestCase("1e6")]
    [TestCase("Mi")]
    public void Other_text_is_not_a_quantity(string text) =>
        Assert.That(ResourceQuantity.TryParseBytes(text, out _), Is.False);
}
