using System.Text.Json;
using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The cgroup settings of UpdateContainerResources as the runtime's <c>update --resources</c>
/// takes them: the same mapping a new container's spec gets.
/// </summary>
public static class ResourceUpdate
{
    /// <exception cref="Grpc.RpcException">InvalidArgument naming <paramref name="subject"/> for a value the runtime would refuse.</exception>
    public static string Json(LinuxContainerResources resources, CgroupSupport cgroups, string subject)
    {
        var built = ContainerResourcesSpec.Build(resources, cgroups, subject);
        var oci = new OciResources { Memory = built.Memory, Cpu = built.Cpu, HugepageLimits = built.HugepageLimits, Unified = built.Unified };
        return JsonSerializer.Serialize(oci, RuntimeSpecJsonContext.Default.OciResources);
    }
}
