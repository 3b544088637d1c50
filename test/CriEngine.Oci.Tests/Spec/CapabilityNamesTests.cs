using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Tests.Spec;

public sealed class CapabilityNamesTests
{
    [Test]
    public void Bounding_mask_from_proc_status_names_its_capabilities()
    {
        // CapBnd of a root shell without CAP_SYS_RESOURCE (bit 24) on a 5.x kernel.
        var names = CapabilityNames.FromMask(0x000001fffeffffffUL);

        Assert.That(names, Has.Count.EqualTo(40));
        Assert.That(names, Does.Not.Contain("CAP_SYS_RESOURCE"));
        Assert.That(names[0], Is.EqualTo("CAP_CHOWN"));
        Assert.That(names[^1], Is.EqualTo("CAP_CHECKPOINT_RESTORE"));
    }

    [TestCase("chown", "CAP_CHOWN")]
    [TestCase("NET_ADMIN", "CAP_NET_ADMIN")]
    [TestCase("cap_sys_admin", "CAP_SYS_ADMIN")]
    [TestCase("CAP_BPF", "CAP_BPF")]
    [TestCase("FLY", null)]
    public void Capability_names_are_accepted_in_any_common_spelling(string name, string? expected)
    {
        Assert.That(CapabilityNames.Normalize(name), Is.EqualTo(expected));
    }
}
