using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of one <c>[crio.runtime.runtimes.NAME]</c> table. The whole table applies on reload, as in CRI-O.</summary>
internal static class RuntimeHandlerKeys
{
    /// <summary>CRI-O's container creation timeout (seconds), also what 0 stands for.</summary>
    public const long DefaultCreateTimeout = 240;

    /// <summary>A shorter creation timeout counts as this, as in CRI-O.</summary>
    public const long MinimumCreateTimeout = 30;

    private static readonly IReadOnlyList<Setting<RuntimeHandlerSection>> Settings =
        new SectionSettings<RuntimeHandlerSection, RuntimeHandlerSection>("", h => h, (_, h) => h)
            .Text("runtime_path", "", Honoured | Live, "Runtime binary; empty looks up the handler's name on $PATH.",
                h => h.RuntimePath, (h, v) => h with { RuntimePath = v }, AbsolutePathOrEmpty)
            // CRI-O leaves the type empty and reads empty as "oci"; saying "oci" keeps that in one place.
            .Text("runtime_type", RuntimeTypes.Oci, Honoured | Live, "Kind of runtime: \"oci\", \"vm\" (a containerd shim) or \"pod\" (conmon-rs).",
                h => h.RuntimeType, (h, v) => h with { RuntimeType = v }, OneOfOrEmpty(RuntimeTypes.Oci, RuntimeTypes.Vm, RuntimeTypes.Pod))
            .Text("runtime_root", "", Honoured | Live, "Root directory of the runtime's container state; empty keeps the runtime's own.",
                h => h.RuntimeRoot, (h, v) => h with { RuntimeRoot = v }, AbsolutePathOrEmpty)
            .Text("runtime_config_path", "", Live, "Configuration file of the runtime; only for runtime_type \"vm\".",
                h => h.RuntimeConfigPath, (h, v) => h with { RuntimeConfigPath = v }, AbsolutePathOrEmpty)
            .NotActedOn("VM runtimes (containerd shims) take no configuration file from the engine")
            .Boolean("inherit_default_runtime", false, Honoured | Live, "Take runtime_path, runtime_type, runtime_root and runtime_config_path from the default handler.",
                h => h.InheritDefaultRuntime, (h, v) => h with { InheritDefaultRuntime = v })
            .Text("container_min_memory", "", Honoured | Live, "Smallest memory limit a container may have, e.g. \"12MiB\"; empty means 12 MiB.",
                h => h.ContainerMinMemory, (h, v) => h with { ContainerMinMemory = v })
            .Text("monitor_path", "", Honoured | Live, "Monitor binary (conmon) of this handler; crio.runtime.conmon overrides it.",
                h => h.MonitorPath, (h, v) => h with { MonitorPath = v }, AbsolutePathOrEmpty)
            .Text("monitor_cgroup", "", Honoured | Live, "Cgroup of this handler's monitor: \"pod\", a systemd slice, or empty.",
                h => h.MonitorCgroup, (h, v) => h with { MonitorCgroup = v })
            .Text("monitor_exec_cgroup", "", Live, "\"container\" runs exec probes in the container's cgroup; empty in the monitor's.",
                h => h.MonitorExecCgroup, (h, v) => h with { MonitorExecCgroup = v }, OneOfOrEmpty("container"))
            .NotActedOn("exec probes run in the monitor's cgroup")
            .TextList("monitor_env", ValueList<string>.Empty, Honoured | Live, "Environment of this handler's monitor, as NAME=value.",
                h => h.MonitorEnv, (h, v) => h with { MonitorEnv = v })
            .TextList("allowed_annotations", ValueList<string>.Empty, Honoured | Live, "Experimental annotations this handler may act on.",
                h => h.AllowedAnnotations, (h, v) => h with { AllowedAnnotations = v })
            .Boolean("privileged_without_host_devices", false, Live, "Give privileged containers no host devices.",
                h => h.PrivilegedWithoutHostDevices, (h, v) => h with { PrivilegedWithoutHostDevices = v })
            .NotActedOn("privileged containers get every host device")
            .TextMap("platform_runtime_paths", Live, "Runtime binary per platform, as \"os/arch\" = path.",
                h => h.PlatformRuntimePaths, (h, v) => h with { PlatformRuntimePaths = v })
            .NotActedOn("runtime_path serves every platform")
            .Boolean("runtime_pull_image", false, Live, "The runtime pulls images itself.",
                h => h.RuntimePullImage, (h, v) => h with { RuntimePullImage = v })
            .NotActedOn("the engine pulls every image itself")
            .Boolean("no_sync_log", false, Live, "Do not fsync container logs on rotation and exit; only for runtime_type \"oci\".",
                h => h.NoSyncLog, (h, v) => h with { NoSyncLog = v })
            .NotActedOn("the monitor is not asked to skip syncing logs")
            .TextMap("default_annotations", Honoured | Live, "Annotations a pod gets unless it sets them itself.",
                h => h.DefaultAnnotations, (h, v) => h with { DefaultAnnotations = v })
            .Boolean("stream_websockets", false, Live, "Stream exec, attach and port-forward over WebSocket; only for runtime_type \"pod\".",
                h => h.StreamWebsockets, (h, v) => h with { StreamWebsockets = v })
            .NotActedOn("streams are served over SPDY and WebSocket by the engine, not the runtime")
            .Text("exec_cpu_affinity", "", Live, "CPU of exec processes: empty leaves it to the runtime, \"first\" takes the container's first CPU.",
                h => h.ExecCpuAffinity, (h, v) => h with { ExecCpuAffinity = v }, OneOfOrEmpty("first"))
            .NotActedOn("exec processes run on the container's CPUs")
            .Text("seccomp_profile", "", Live, "Default seccomp profile of this handler; empty uses crio.runtime.seccomp_profile.",
                h => h.SeccompProfile, (h, v) => h with { SeccompProfile = v }, AbsolutePathOrEmpty)
            .NotActedOn("every handler takes crio.runtime.seccomp_profile")
            .Integer("container_create_timeout", DefaultCreateTimeout, Live, "Seconds a container creation may take; 0 means 240, less than 30 counts as 30.",
                h => h.ContainerCreateTimeout, (h, v) => h with { ContainerCreateTimeout = v })
            .NotActedOn("a container creation may take 240 seconds whatever the handler says")
            .Settings;

    public static SchemaTree<RuntimeHandlerSection> Tree { get; } = new(Settings, new Dictionary<string, string>());

    /// <summary>What a handler first named in a file starts from.</summary>
    public static RuntimeHandlerSection Blank { get; } = Tree.ApplyDefaults(new RuntimeHandlerSection());
}
