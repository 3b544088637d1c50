using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerAnnotationTests
{
    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [Test]
    public async Task Annotations_name_the_container_and_its_pod_as_CRI_O_does_and_keep_the_request_s()
    {
        var config = SpecInputs.Container("app");
        config.Labels.Add("io.kubernetes.container.name", "app");
        config.Stdin = true;

        var annotations = (await SpecInputs.BuildAsync(_rootfs.Path, config, image: SpecInputs.Image() with { StopSignal = "SIGQUIT" })).Spec.Annotations!;

        Assert.That(annotations, Does.ContainKey("io.kubernetes.container.name").WithValue("app"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.pod.name").WithValue("web-0"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.pod.namespace").WithValue("shop"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.pod.uid").WithValue("pod-uid-1"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.container.restartCount").WithValue("1"));
        Assert.That(annotations, Does.ContainKey("kubernetes.io/config.source").WithValue("api"), "the pod's annotations");
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.ContainerType").WithValue("container"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.SandboxID").WithValue(SpecInputs.SandboxId));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.ContainerID").WithValue("fedcba9876543210fedcba9876543210"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Name").WithValue("k8s_app_web-0_shop_pod-uid-1_1"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.SandboxName").WithValue("k8s_web-0_shop_pod-uid-1_0"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Image").WithValue("docker.io/library/busybox:latest"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Stdin").WithValue("true"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.TTY").WithValue("false"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.LogPath").WithValue("/var/log/pods/shop_web-0_pod-uid-1/app/1.log"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Created").WithValue("2024-05-06T07:08:09.12345Z"));
        Assert.That(annotations, Does.ContainKey("io.kubernetes.cri-o.Metadata").WithValue("""{"name":"app","attempt":1}"""));
        Assert.That(annotations, Does.ContainKey("org.opencontainers.image.stopSignal").WithValue("SIGQUIT"));
    }
}
