using CriEngine.Cgroups.Systemd;
using CriEngine.Grpc;

namespace CriEngine.DBus.Tests.Systemd;

public sealed class SystemdUnitNameTests
{
    [TestCase("kubepods.slice", "/kubepods.slice")]
    [TestCase("kubepods-burstable.slice", "/kubepods.slice/kubepods-burstable.slice")]
    [TestCase("kubepods-burstable-pod123.slice", "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod123.slice")]
    [TestCase("kubepods-besteffort-pod1a2b_3c4d.slice", "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1a2b_3c4d.slice")]
    [TestCase("-.slice", "/")]
    public void Slice_expands_to_one_level_per_dash_as_runc_does(string slice, string path)
    {
        Assert.That(SystemdUnitName.ExpandSlice(slice), Is.EqualTo(path));
    }

    [TestCase("kubepods")]
    [TestCase("kubepods.scope")]
    [TestCase(".slice")]
    [TestCase("a/b.slice")]
    [TestCase("-kubepods.slice")]
    [TestCase("kubepods-.slice")]
    [TestCase("kube--pods.slice")]
    [TestCase("kube pods.slice")]
    [TestCase("kube@pods.slice")]
    [TestCase("kubepods.slice/")]
    public void Invalid_slice_is_refused_naming_it(string slice)
    {
        var error = Assert.Throws<RpcException>(() => SystemdUnitName.ExpandSlice(slice));
        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"\"{slice}\""));
    }

    [Test]
    public void Slice_name_longer_than_systemd_allows_is_refused()
    {
        Assert.That(SystemdUnitName.ExpandSlice(new string('a', 249) + ".slice"), Has.Length.EqualTo(256));
        Assert.Throws<RpcException>(() => SystemdUnitName.ExpandSlice(new string('a', 250) + ".slice"));
    }

    [TestCase("crio-3f2a.scope", true)]
    [TestCase("getty@tty1.service", true)]
    [TestCase("a\\x2db.slice", true)]
    [TestCase("crio-3f2a", false)]
    [TestCase("crio-3f2a.container", false)]
    [TestCase(".scope", false)]
    [TestCase("@x.service", false)]
    [TestCase("a@b@c.service", false)]
    [TestCase("a b.scope", false)]
    public void Unit_name_follows_systemds_rules(string name, bool valid)
    {
        Assert.That(SystemdUnitName.IsValid(name), Is.EqualTo(valid));
    }

    [TestCase("kubepods-burstable-pod1.slice", "kubepods-burstable.slice")]
    [TestCase("kubepods.slice", "-.slice")]
    public void Parent_slice_is_the_name_up_to_the_last_dash(string slice, string parent)
    {
        Assert.That(SystemdUnitName.ParentSlice(slice), Is.EqualTo(parent));
    }
}
