namespace CriEngine.Config;

/// <summary><c>[crio.runtime]</c>: runtimes, monitors, cgroups and container defaults.</summary>
public sealed record RuntimeSection
{
    // CRI-O puts an oci handler's monitor here under systemd when nothing else is said.
    private const string SystemdMonitorCgroup = "system.slice";

    internal RuntimeSection()
    {
    }

    public ValueList<string> DefaultUlimits { get; init; } = ValueList<string>.Empty;

    public bool NoPivot { get; init; }

    public string DecryptionKeysPath { get; init; } = "";

    public string Conmon { get; init; } = "";

    public string ConmonCgroup { get; init; } = "";

    public ValueList<string> ConmonEnv { get; init; } = ValueList<string>.Empty;

    public long MinInjectedGomaxprocs { get; init; }

    public ValueList<string> DefaultEnv { get; init; } = ValueList<string>.Empty;

    public bool Selinux { get; init; }

    public string SeccompProfile { get; init; } = "";

    public bool SeccompUseDefaultWhenEmpty { get; init; }

    public string PrivilegedSeccompProfile { get; init; } = "";

    public string ApparmorProfile { get; init; } = "";

    public string BlockioConfigFile { get; init; } = "";

    public bool BlockioReload { get; init; }

    public string IrqbalanceConfigFile { get; init; } = "";

    public string RdtConfigFile { get; init; } = "";

    public string CgroupManager { get; init; } = "";

    public string SeparatePullCgroup { get; init; } = "";

    public ValueList<string> DefaultCapabilities { get; init; } = ValueList<string>.Empty;

    public bool AddInheritableCapabilities { get; init; }

    public ValueList<string> DefaultSysctls { get; init; } = ValueList<string>.Empty;

    public ValueList<string> AllowedDevices { get; init; } = ValueList<string>.Empty;

    public ValueList<string> AdditionalDevices { get; init; } = ValueList<string>.Empty;

    public ValueList<string> CdiSpecDirs { get; init; } = ValueList<string>.Empty;

    public bool DeviceOwnershipFromSecurityContext { get; init; }

    public ValueList<string> HooksDir { get; init; } = ValueList<string>.Empty;

    public string DefaultMountsFile { get; init; } = "";

    public long PidsLimit { get; init; }

    public long LogSizeMax { get; init; }

    public bool LogToJournald { get; init; }

    public string ContainerExitsDir { get; init; } = "";

    public string ContainerAttachSocketDir { get; init; } = "";

    public string BindMountPrefix { get; init; } = "";

    public bool ReadOnly { get; init; }

    public string LogLevel { get; init; } = "";

    public string LogFilter { get; init; } = "";

    public string UidMappings { get; init; } = "";

    public string GidMappings { get; init; } = "";

    public long MinimumMappableUid { get; init; }

    public long MinimumMappableGid { get; init; }

    public long CtrStopTimeout { get; init; }

    public bool DropInfraCtr { get; init; }

    public string InfraCtrCpuset { get; init; } = "";

    public string SharedCpuset { get; init; } = "";

    public string NamespacesDir { get; init; } = "";

    public string PinnsPath { get; init; } = "";

    public bool EnableCriuSupport { get; init; }

    public bool EnablePodEvents { get; init; }

    public string DefaultRuntime { get; init; } = "";

    public ValueList<string> AbsentMountSourcesToReject { get; init; } = ValueList<string>.Empty;

    /// <summary>The runtime handlers by name. A loaded config always holds <see cref="DefaultRuntime"/>.</summary>
    public ValueMap<RuntimeHandlerSection> Runtimes { get; init; } = ValueMap<RuntimeHandlerSection>.Empty;

    public ValueMap<WorkloadSection> Workloads { get; init; } = ValueMap<WorkloadSection>.Empty;

    public bool HostnetworkDisableSelinux { get; init; }

    public bool DisableHostportMapping { get; init; }

    public string Timezone { get; init; } = "";

    public string IrqbalanceConfigRestoreFile { get; init; } = "";

    /// <summary>The handler named by <see cref="DefaultRuntime"/>.</summary>
    public RuntimeHandlerSection DefaultHandler => Runtimes[DefaultRuntime];

    /// <summary>
    /// The monitor binary for a handler, as CRI-O settles it: the global <c>conmon</c> wins over
    /// the handler's <c>monitor_path</c> for oci handlers. Empty means "conmon" on $PATH.
    /// </summary>
    public string MonitorPathFor(RuntimeHandlerSection handler) =>
        handler.IsOci && Conmon != "" ? Conmon : handler.MonitorPath;

    /// <summary>
    /// The environment of a handler's monitor, as CRI-O settles it: the global <c>conmon_env</c>,
    /// when set, wins over the handler's <c>monitor_env</c> for oci handlers.
    /// </summary>
    public ValueList<string> MonitorEnvFor(RuntimeHandlerSection handler) =>
        handler.IsOci && ConmonEnv.Count > 0 ? ConmonEnv : handler.MonitorEnv;

    /// <summary>
    /// The cgroup for a handler's monitor, as CRI-O settles it for oci handlers: the global
    /// <c>conmon_cgroup</c> wins over the handler's <c>monitor_cgroup</c>; under systemd an empty
    /// one means "system.slice", and under cgroupfs "system.slice" (the built-in default) means
    /// empty, i.e. the daemon's own cgroup.
    /// </summary>
    public string MonitorCgroupFor(RuntimeHandlerSection handler)
    {
        if (!handler.IsOci)
            return handler.MonitorCgroup;
        var cgroup = ConmonCgroup != "" ? ConmonCgroup : handler.MonitorCgroup;
        return (CgroupManager, cgroup) switch
        {
            (CgroupManagers.Systemd, "") => SystemdMonitorCgroup,
            (CgroupManagers.Cgroupfs, SystemdMonitorCgroup) => "",
            _ => cgroup,
        };
    }
}
