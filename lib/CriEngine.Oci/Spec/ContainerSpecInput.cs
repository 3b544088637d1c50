using CriEngine.Api;
using CriEngine.Oci.Cdi;
using CriEngine.Oci.Hooks;
using CriEngine.Oci.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriEngine.Oci.Spec;

/// <summary>Everything <see cref="ContainerSpecBuilder"/> needs to describe a container of a pod.</summary>
public sealed record ContainerSpecInput
{
    public required string ContainerId { get; init; }

    public required ContainerConfig Config { get; init; }

    /// <summary>The umask of the container's process (the umask annotation); null keeps the runtime's.</summary>
    public uint? Umask { get; init; }

    public required string SandboxId { get; init; }

    public required PodSandboxConfig SandboxConfig { get; init; }

    /// <summary>The mounted root filesystem. Users and groups are looked up in it, and the working directory and image volumes are created in it.</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The container's own directory on the host (its bundle): files the engine generates for it to bind-mount are written there.</summary>
    public required string BundleDirectory { get; init; }

    public required ImageDefaults Image { get; init; }

    /// <summary>The image's name and id, recorded in the annotations.</summary>
    public required string ImageName { get; init; }

    public required string ImageId { get; init; }

    /// <summary>The pid of the pod's infra container, whose IPC, UTS and (for a shared process namespace) PID namespaces the container joins.</summary>
    public required int InfraPid { get; init; }

    /// <summary>The pod's pinned network namespace; null exactly when the pod uses the node's network.</summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>The pid of the container named by NamespaceOption.target_id, for a TARGET pid namespace.</summary>
    public int? TargetPid { get; init; }

    public required string CgroupsPath { get; init; }

    public required CgroupSupport Cgroups { get; init; }

    public required SandboxFiles Files { get; init; }

    /// <summary>The container's log file, recorded in the annotations.</summary>
    public required string LogPath { get; init; }

    /// <summary>
    /// Where each image volume (a Mount with <c>image</c> set) is on the host, by its container
    /// path: the image mounted read-only, its <c>image_sub_path</c> resolved.
    /// </summary>
    public IReadOnlyDictionary<string, string> ImageVolumes { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// absent_mount_sources_to_reject: host paths whose absence fails the container; any other
    /// missing host path of a mount is made as a directory.
    /// </summary>
    public IReadOnlyList<string> AbsentMountSourcesToReject { get; init; } = [];

    /// <summary>The engine's own oom_score_adj: the kernel refuses a lower one without CAP_SYS_RESOURCE.</summary>
    public required int MinimumOomScoreAdj { get; init; }

    /// <summary>The engine's capability bounding set ("CAP_CHOWN", ...): no container gets more.</summary>
    public required IReadOnlyList<string> CapabilityBoundingSet { get; init; }

    /// <summary>What the pod's runtime handler can do: mounts asking for more are refused.</summary>
    public required HandlerFeatures Features { get; init; }

    /// <summary>The node's security settings, from the configuration snapshot of this call.</summary>
    public SecuritySettings Security { get; init; } = new();

    /// <summary>default_env, as NAME=value: every container's variables unless its image or request sets them.</summary>
    public IReadOnlyList<string> DefaultEnv { get; init; } = [];

    /// <summary>The hooks of the configured hooks directories; those whose conditions the spec meets are added to it.</summary>
    public IReadOnlyList<HookRule> Hooks { get; init; } = [];

    /// <summary>The CDI devices of the configured specification directories, for the devices the container asks for.</summary>
    public CdiDevices CdiDevices { get; init; } = CdiDevices.None;

    /// <summary>Where what the spec cannot honour but need not refuse is told.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    public required DateTimeOffset Created { get; init; }
}
