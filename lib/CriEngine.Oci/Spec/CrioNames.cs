using System.Globalization;
using CriEngine.Api;

namespace CriEngine.Oci.Spec;

/// <summary>CRI-O's names for pods and containers, recorded in the specs' annotations.</summary>
public static class CrioNames
{
    /// <summary>The name of the infra container in the Kubernetes container-name label.</summary>
    public const string InfraContainer = "POD";

    /// <summary>k8s_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</summary>
    public static string Sandbox(PodSandboxMetadata pod) =>
        Join(pod.Name, pod.Namespace, pod.Uid, pod.Attempt);

    /// <summary>k8s_POD_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</summary>
    public static string SandboxContainer(PodSandboxMetadata pod) =>
        Join(InfraContainer, pod.Name, pod.Namespace, pod.Uid, pod.Attempt);

    /// <summary>k8s_&lt;container&gt;_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</summary>
    public static string Container(ContainerMetadata container, PodSandboxMetadata pod) =>
        Join(container.Name, pod.Name, pod.Namespace, pod.Uid, container.Attempt);

    private static string Join(params object[] parts) =>
        "k8s_" + string.Join('_', parts.Select(part => Convert.ToString(part, CultureInfo.InvariantCulture)));
}
