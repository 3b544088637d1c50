using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Tests.Spec;

public sealed class PodUserNamespaceTests
{
    private const string Subject = "pod shop/web-0";

    internal static PodSandboxConfig PodWithUserns(NamespaceMode mode, params (uint Container, uint Host, uint Length)[] mappings)
    {
        var pod = SpecInputs.Pod();
        var userns = new UserNamespace { Mode = mode };
        foreach (var (container, host, length) in mappings)
        {
            userns.Uids.Add(new IDMapping { ContainerId = container, HostId = host, Length = length });
            userns.Gids.Add(new IDMapping { ContainerId = container, HostId = host, Length = length });
        }
        pod.Linux.SecurityContext.NamespaceOptions.UsernsOptions = userns;
        return pod;
    }

    [Test]
    public void No_userns_options_and_mode_node_run_in_the_node_s_user_namespace()
    {
        Assert.That(PodUserNamespace.Resolve(SpecInputs.Pod(), Subject), Is.Null);
        Assert.That(PodUserNamespace.Resolve(PodWithUserns(NamespaceMode.Node), Subject), Is.Null);
    }

    [Test]
    public void Mode_pod_gives_the_kubelet_s_mappings()
    {
        var mappings = PodUserNamespace.Resolve(PodWithUserns(NamespaceMode.Pod, (0, 65536 * 3, 65536)), Subject);

        var expected = new OciIdMapping { ContainerId = 0, HostId = 196608, Size = 65536 };
        Assert.That(mappings, Is.EqualTo(new UserNamespaceMappings(expected, expected)));
    }

    [TestCase(NamespaceMode.Container)]
    [TestCase(NamespaceMode.Target)]
    public void Modes_other_than_node_and_pod_are_refused(NamespaceMode mode)
    {
        var error = Assert.Throws<RpcException>(() => PodUserNamespace.Resolve(PodWithUserns(mode, (0, 65536, 65536)), Subject));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain($"mode {mode} is not valid for a pod"));
    }

    [Test]
    public void Mode_pod_without_mappings_is_refused()
    {
        var error = Assert.Throws<RpcException>(() => PodUserNamespace.Resolve(PodWithUserns(NamespaceMode.Pod), Subject));

        Assert.That(error!.Message, Does.Contain("exactly one uid mapping, got 0"));
    }

    [Test]
    public void More_than_one_range_is_refused()
    {
        var error = Assert.Throws<RpcException>(() => PodUserNamespace.Resolve(PodWithUserns(NamespaceMode.Pod, (0, 65536, 1000), (1000, 200000, 1000)), Subject));

        Assert.That(error!.Message, Does.Contain("exactly one uid mapping, got 2"));
    }

    [TestCase(0u, 65536u, 0u, "length 0")]
    [TestCase(1u, 65536u, 65536u, "must start at uid 0")]
    [TestCase(0u, 4294967200u, 65536u, "runs past the largest uid")]
    public void A_mapping_that_cannot_be_is_refused(uint container, uint host, uint length, string reason)
    {
        var error = Assert.Throws<RpcException>(() => PodUserNamespace.Resolve(PodWithUserns(NamespaceMode.Pod, (container, host, length)), Subject));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(reason));
    }

    [Test]
    public void A_user_namespace_with_the_node_s_network_is_refused()
    {
        var pod = PodWithUserns(NamespaceMode.Pod, (0, 65536, 65536));
        pod.Linux.SecurityContext.NamespaceOptions.Network = NamespaceMode.Node;

        var error = Assert.Throws<RpcException>(() => PodUserNamespace.Resolve(pod, Subject));

        Assert.That(error!.Message, Does.Contain("cannot use the node's network"));
    }

    [Test]
    public void A_handler_without_user_namespaces_is_refused_naming_it_and_why()
    {
        var error = Assert.Throws<RpcException>(() =>
            PodUserNamespace.RequireSupport(HandlerFeatures.None("crun has no features command"), "crun", "/usr/bin/crun", Subject));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Is.EqualTo("pod shop/web-0: runtime handler \"crun\" (/usr/bin/crun) cannot run a pod in a user namespace: its support is unknown: crun has no features command"));
    }
}
