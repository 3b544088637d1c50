using CriEngine.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriEngine.Oci.Spec;

/// <summary>Everything <see cref="SandboxSpecBuilder"/> needs to describe a pod's infra container.</summary>
public sealed record SandboxSpecInput
{
    public required string SandboxId { get; init; }

    public required PodSandboxConfig Config { get; init; }

    /// <summary>The mounted root filesystem of the pause image.</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The pause_command, or the pause image's entrypoint and cmd.</summary>
    public required IReadOnlyList<string> PauseCommand { get; init; }

    /// <summary>The pod's pinned network namespace; null exactly when the pod uses the node's network.</summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>
    /// The pod's pinned user namespace, which owns its network namespace; set exactly when the pod
    /// asks for a user namespace of its own.
    /// </summary>
    public string? UserNamespacePath { get; init; }

    public required string CgroupsPath { get; init; }

    public required SandboxFiles Files { get; init; }

    /// <summary>The infra container's log file, recorded in the annotations.</summary>
    public required string LogPath { get; init; }

    /// <summary>The pause image as configured, recorded in the annotations.</summary>
    public required string PauseImage { get; init; }

    public string RuntimeHandler { get; init; } = "";

    /// <summary>The infra container's CPUs (<c>infra_ctr_cpuset</c>), in Linux list format; empty leaves them to the pod's cgroup.</summary>
    public string InfraCpuset { get; init; } = "";

    /// <summary>The engine's own oom_score_adj: the kernel refuses a lower one without CAP_SYS_RESOURCE.</summary>
    public required int MinimumOomScoreAdj { get; init; }

    /// <summary>The engine's capability bounding set ("CAP_CHOWN", ...): no container gets more.</summary>
    public required IReadOnlyList<string> CapabilityBoundingSet { get; init; }

    /// <summary>The node's security settings, from the configuration snapshot of this call.</summary>
    public SecuritySettings Security { get; init; } = new();

    /// <summary>Where what the spec cannot honour but need not refuse is told.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public required DateTimeOffset Created { get; init; }
}
