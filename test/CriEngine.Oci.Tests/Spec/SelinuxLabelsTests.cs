using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

/// <summary>SELinux asks on nodes with and without SELinux: logged where there is nothing to label, refused where labels would be dropped.</summary>
public sealed class SelinuxLabelsTests
{
    private static readonly SELinuxOption Level = new() { Level = "s0:c123,c456" };
    private static readonly Mount Relabelled = new() { ContainerPath = "/data", HostPath = "/srv/data", SelinuxRelabel = true };

    private static SecuritySettings Node(bool selinux) =>
        new() { Kernel = new KernelSecurity(false, selinux, KernelSecurity.None.Seccomp) };

    [Test]
    public void Without_selinux_on_the_node_options_and_relabels_are_logged_and_the_request_goes_on()
    {
        var logger = new RecordingLogger();

        SelinuxLabels.Check(Level, [Relabelled], Node(selinux: false), logger, "container app");

        Assert.That(logger.Lines.Single(), Does.Contain("container app: selinux_options :::s0:c123,c456 and selinux_relabel of /data: SELinux is not enabled on this node: not applied"));
    }

    [Test]
    public void With_selinux_enabled_options_or_a_relabel_are_refused_by_name()
    {
        var options = Assert.Throws<RpcException>(() => SelinuxLabels.Check(Level, [], Node(selinux: true), new RecordingLogger(), "pod shop/web-0"));
        var relabel = Assert.Throws<RpcException>(() => SelinuxLabels.Check(null, [Relabelled], Node(selinux: true), new RecordingLogger(), "container app"));

        Assert.That(options!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(options.Message, Is.EqualTo("pod shop/web-0: selinux_options :::s0:c123,c456: SELinux is enabled on this node, but the engine applies no SELinux labels"));
        Assert.That(relabel!.Message, Does.StartWith("container app: selinux_relabel of /data: SELinux is enabled"));
    }

    [Test]
    public void Nothing_asked_is_nothing_to_say()
    {
        var logger = new RecordingLogger();

        SelinuxLabels.Check(new SELinuxOption(), [new Mount { ContainerPath = "/data" }], Node(selinux: true), logger, "container app");

        Assert.That(logger.Lines, Is.Empty);
    }
}
