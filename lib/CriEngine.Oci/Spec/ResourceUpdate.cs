using System.Text.Json;
using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The cgroup settings of UpdateContainerResources as the runtime's <c>update --resources</c>
/// takes them (and of UpdatePodSandboxResources): the same mapping a new container's spec gets.
/// </summary>
public static class ResourceUpdate
{
    /// <exception cref="Grpc.RpcException">InvalidArgument naming <paramref name="subject"/> for a value the runtime would refuse.</exception>
    public static string Json(LinuxContainerResources resources, CgroupSupport cgroups, string subject) =>
        JsonSerializer.Serialize(Resources(resources, cgroups, subject), RuntimeSpecJsonContext.Default.OciResources);

    /// <summary>The settings themselves, checked as for a container: what a pod's own cgroup gets too.</summary>
    /// <exception cref="Grpc.RpcException">InvalidArgument naming <paramref name="subject"/> for a value the runtime would refuse.</exception>
    public static OciResources Resources(LinuxContainerResources resources, CgroupSupport cgroups, string subject)
    {
        var built = ContainerResourcesSpec.Build(resources, cgroups, subject);
        return new OciResources { Memory = built.Memory, Cpu = built.Cpu, HugepageLimits = built.HugepageLimits, Unified = built.Unified };
    }
}
