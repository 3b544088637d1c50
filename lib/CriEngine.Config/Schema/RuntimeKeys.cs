using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.runtime]</c>.</summary>
internal static class RuntimeKeys
{
    /// <summary>CRI-O's default runtime, also what an empty default_runtime stands for.</summary>
    public const string DefaultRuntimeName = "crun";

    /// <summary>CRI-O waits at least this long (seconds) for a container to stop, whatever ctr_stop_timeout says.</summary>
    public const long MinimumStopTimeout = 30;

    /// <summary>The one handler of CRI-O's built-in table; its binary is looked up on $PATH.</summary>
    public static RuntimeHandlerSection DefaultHandler { get; } = RuntimeHandlerKeys.Blank with
    {
        RuntimeRoot = "/run/crun",
        AllowedAnnotations = ValueList<string>.Of("io.containers.trace-syscall", "io.kubernetes.cri-o.Devices"),
        MonitorEnv = ValueList<string>.Of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        ContainerMinMemory = "500KiB",
        MonitorCgroup = "system.slice",
    };

    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, RuntimeSection>("crio.runtime", c => c.Runtime, (c, s) => c with { Runtime = s })
            .TextList("default_ulimits", ValueList<string>.Empty, Honoured, "Ulimits of every container, as \"name=soft:hard\"; empty inherits the daemon's.",
                s => s.DefaultUlimits, (s, v) => s with { DefaultUlimits = v })
            .Flag("default-ulimits", "CONTAINER_DEFAULT_ULIMITS")
            .Boolean("no_pivot", false, Honoured, "Enter the container root with MS_MOVE instead of pivot_root.",
                s => s.NoPivot, (s, v) => s with { NoPivot = v })
            .Flag("no-pivot", "CONTAINER_NO_PIVOT")
            .Text("decryption_keys_path", "/etc/crio/keys/", Live, "Directory of keys that decrypt encrypted images.",
                s => s.DecryptionKeysPath, (s, v) => s with { DecryptionKeysPath = v }, AbsolutePathOrEmpty)
            .Flag("decryption-keys-path")
            .NotActedOn("encrypted images are not supported")
            .Text("conmon", "", Honoured, "Monitor binary of every oci handler, over their monitor_path; empty looks up conmon on $PATH. Deprecated in CRI-O.",
                s => s.Conmon, (s, v) => s with { Conmon = v }, AbsolutePathOrEmpty)
            .Flag("conmon", "CONTAINER_CONMON")
            .Text("conmon_cgroup", "", Honoured | Live, "Cgroup of monitors, over the handlers' monitor_cgroup: \"pod\", a systemd slice, or empty. Deprecated in CRI-O.",
                s => s.ConmonCgroup, (s, v) => s with { ConmonCgroup = v })
            .Flag("conmon-cgroup", "CONTAINER_CONMON_CGROUP")
            .TextList("conmon_env", ValueList<string>.Empty, Honoured, "Environment of monitors, over the handlers' monitor_env. Deprecated in CRI-O.",
                s => s.ConmonEnv, (s, v) => s with { ConmonEnv = v })
            .Flag("conmon-env", "CONTAINER_CONMON_ENV")
            .TextList("default_env", ValueList<string>.Empty, Honoured, "Environment of every container, as NAME=value, unless the image or pod sets it.",
                s => s.DefaultEnv, (s, v) => s with { DefaultEnv = v })
            .Flag("default-env", "CONTAINER_DEFAULT_ENV")
            .Integer("min_injected_gomaxprocs", 0, None, "Set GOMAXPROCS in containers from their CPU request, at least this many; 0 injects none.",
                s => s.MinInjectedGomaxprocs, (s, v) => s with { MinInjectedGomaxprocs = v })
            .Flag("inject-gomaxprocs", "CONTAINER_INJECT_GOMAXPROCS")
            .NotActedOn("GOMAXPROCS is not injected into containers")
            .Boolean("selinux", false, None, "Separate pods with SELinux labels.",
                s => s.Selinux, (s, v) => s with { Selinux = v })
            .Flag("selinux", "CONTAINER_SELINUX")
            .NotActedOn("containers are not labelled for SELinux")
            .Text("seccomp_profile", "", Honoured | Live, "Default seccomp profile (a JSON file); empty uses the built-in profile.",
                s => s.SeccompProfile, (s, v) => s with { SeccompProfile = v }, AbsolutePathOrEmpty)
            .Flag("seccomp-profile", "CONTAINER_SECCOMP_PROFILE")
            .Boolean("seccomp_use_default_when_empty", true, Honoured, "Give containers that ask for no seccomp profile the default one; false leaves them unconfined.",
                s => s.SeccompUseDefaultWhenEmpty, (s, v) => s with { SeccompUseDefaultWhenEmpty = v })
            .Text("privileged_seccomp_profile", "", Honoured | Live, "Seccomp profile of privileged containers and of the infra containers of privileged pods; empty gives them none.",
                s => s.PrivilegedSeccompProfile, (s, v) => s with { PrivilegedSeccompProfile = v }, AbsolutePathOrEmpty)
            .Flag("privileged-seccomp-profile", "CONTAINER_PRIVILEGED_SECCOMP_PROFILE")
            .Text("apparmor_profile", "crio-default", Honoured | Live, "AppArmor profile of containers that ask for none; \"unconfined\" turns AppArmor off.",
                s => s.ApparmorProfile, (s, v) => s with { ApparmorProfile = v })
            .Flag("apparmor-profile", "CONTAINER_APPARMOR_PROFILE")
            .Text("blockio_config_file", "", Live, "Block I/O class configuration for the blkio controller.",
                s => s.BlockioConfigFile, (s, v) => s with { BlockioConfigFile = v }, AbsolutePathOrEmpty)
            .Flag("blockio-config-file")
            .NotActedOn("block I/O classes are not supported")
            .Boolean("blockio_reload", false, Live, "Re-read blockio_config_file and rescan block devices before applying block I/O classes.",
                s => s.BlockioReload, (s, v) => s with { BlockioReload = v })
            .Flag("blockio-reload")
            .NotActedOn("block I/O classes are not supported")
            .Text("irqbalance_config_file", "/etc/sysconfig/irqbalance", None, "irqbalance configuration file updated for IRQ pinning.",
                s => s.IrqbalanceConfigFile, (s, v) => s with { IrqbalanceConfigFile = v }, AbsolutePathOrEmpty)
            .Flag("irqbalance-config-file")
            .NotActedOn("IRQ pinning for high-performance pods is not supported")
            .Text("rdt_config_file", "", Live, "RDT (resctrl) class configuration.",
                s => s.RdtConfigFile, (s, v) => s with { RdtConfigFile = v }, AbsolutePathOrEmpty)
            .Flag("rdt-config-file")
            .NotActedOn("RDT (resctrl) classes are not supported")
            .Text("cgroup_manager", CgroupManagers.Systemd, Honoured | Live, "Cgroup manager: \"systemd\" or \"cgroupfs\".",
                s => s.CgroupManager, (s, v) => s with { CgroupManager = v }, OneOf(CgroupManagers.Systemd, CgroupManagers.Cgroupfs))
            .Flag("cgroup-manager", "CONTAINER_CGROUP_MANAGER")
            .Text("separate_pull_cgroup", "", None, "Cgroup to pull images in; empty pulls in the daemon's own.",
                s => s.SeparatePullCgroup, (s, v) => s with { SeparatePullCgroup = v })
            .Flag("separate-pull-cgroup", "PULL_IN_A_CGROUP")
            .NotActedOn("pulls run in the daemon's own cgroup")
            .TextList("default_capabilities", ValueList<string>.Of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "KILL"),
                Honoured, "Capabilities of every container unless the pod drops them.",
                s => s.DefaultCapabilities, (s, v) => s with { DefaultCapabilities = v })
            .Flag("default-capabilities", "CONTAINER_DEFAULT_CAPABILITIES")
            .Boolean("add_inheritable_capabilities", false, Honoured, "Also put the capabilities in the inheritable set, for non-root processes.",
                s => s.AddInheritableCapabilities, (s, v) => s with { AddInheritableCapabilities = v })
            .Flag("add-inheritable-capabilities", "CONTAINER_ADD_INHERITABLE_CAPABILITIES")
            .TextList("default_sysctls", ValueList<string>.Empty, Honoured, "Sysctls of every container, as name=value.",
                s => s.DefaultSysctls, (s, v) => s with { DefaultSysctls = v })
            .Flag("default-sysctls", "CONTAINER_DEFAULT_SYSCTLS")
            .TextList("allowed_devices", ValueList<string>.Of("/dev/fuse", "/dev/net/tun"), Honoured, "Host devices a pod may ask for with the io.kubernetes.cri-o.Devices annotation.",
                s => s.AllowedDevices, (s, v) => s with { AllowedDevices = v })
            .Flag("allowed-devices", "CONTAINER_ALLOWED_DEVICES")
            .TextList("additional_devices", ValueList<string>.Empty, None, "Devices of every container, as host:container:permissions.",
                s => s.AdditionalDevices, (s, v) => s with { AdditionalDevices = v })
            .Flag("additional-devices", "CONTAINER_ADDITIONAL_DEVICES")
            .NotActedOn("containers get the devices of their request and of CDI only")
            .TextList("cdi_spec_dirs", ValueList<string>.Of("/etc/cdi", "/var/run/cdi"), Honoured | Live, "Directories of CDI device specifications (JSON); a later one wins over an earlier one for the same device.",
                s => s.CdiSpecDirs, (s, v) => s with { CdiSpecDirs = v }, AbsolutePaths)
            .Flag("cdi-spec-dirs", "CONTAINER_CDI_SPEC_DIRS")
            .Boolean("device_ownership_from_security_context", false, None, "Give devices the container's RunAsUser and RunAsGroup instead of the host's owner.",
                s => s.DeviceOwnershipFromSecurityContext, (s, v) => s with { DeviceOwnershipFromSecurityContext = v })
            .Flag("device-ownership-from-security-context")
            .NotActedOn("devices keep their owner on the host")
            .TextList("hooks_dir", ValueList<string>.Of("/usr/share/containers/oci/hooks.d"), Honoured | Live, "Directories of OCI hook definitions; a later one wins over an earlier one.",
                s => s.HooksDir, (s, v) => s with { HooksDir = v }, AbsolutePaths)
            .Flag("hooks-dir", "CONTAINER_HOOKS_DIR")
            .Text("default_mounts_file", "", None, "File of default mounts, one /SRC:/DST a line.",
                s => s.DefaultMountsFile, (s, v) => s with { DefaultMountsFile = v }, AbsolutePathOrEmpty)
            .Flag("default-mounts-file", "CONTAINER_DEFAULT_MOUNTS_FILE")
            .NotActedOn("containers get the mounts of their request only")
            .Integer("pids_limit", -1, Honoured, "Process limit of a container; deprecated for the kubelet's --pod-pids-limit.",
                s => s.PidsLimit, (s, v) => s with { PidsLimit = v })
            .Flag("pids-limit", "CONTAINER_PIDS_LIMIT")
            .Integer("log_size_max", -1, Honoured, "Size limit of a container log in bytes: negative means none, else at least 8192.",
                s => s.LogSizeMax, (s, v) => s with { LogSizeMax = v }, NegativeOrAtLeast(8192))
            .Flag("log-size-max", "CONTAINER_LOG_SIZE_MAX")
            .Boolean("log_to_journald", false, None, "Also send container output to journald.",
                s => s.LogToJournald, (s, v) => s with { LogToJournald = v })
            .Flag("log-journald", "CONTAINER_LOG_JOURNALD")
            .NotActedOn("container output goes to the CRI log file only")
            .Text("container_exits_dir", "/var/run/crio/exits", Honoured, "Directory where monitors write container exit files.",
                s => s.ContainerExitsDir, (s, v) => s with { ContainerExitsDir = v }, AbsolutePath)
            .Flag("container-exits-dir", "CONTAINER_EXITS_DIR")
            .Text("container_attach_socket_dir", "/var/run/crio", Honoured, "Directory of container attach sockets.",
                s => s.ContainerAttachSocketDir, (s, v) => s with { ContainerAttachSocketDir = v }, AbsolutePath)
            .Flag("container-attach-socket-dir", "CONTAINER_ATTACH_SOCKET_DIR")
            .Text("bind_mount_prefix", "", None, "Prefix of the source of every bind mount.",
                s => s.BindMountPrefix, (s, v) => s with { BindMountPrefix = v })
            .Flag("bind-mount-prefix", "CONTAINER_BIND_MOUNT_PREFIX")
            .NotActedOn("bind mount sources are taken as the request gives them")
            .Boolean("read_only", false, Honoured, "Run every container with a read-only root filesystem, and writable tmpfs on /run, /tmp and /var/tmp.",
                s => s.ReadOnly, (s, v) => s with { ReadOnly = v })
            .Flag("read-only", "CONTAINER_READ_ONLY")
            .Text("log_level", "info", Honoured | Live, "Daemon log level: fatal, panic, error, warn, info, debug or trace.",
                s => s.LogLevel, (s, v) => s with { LogLevel = v }, OneOfIgnoringCase("fatal", "panic", "error", "warn", "warning", "info", "debug", "trace"))
            .Flag("log-level", "CONTAINER_LOG_LEVEL", "l")
            .Text("log_filter", "", Live, "Regular expression that log messages must match to be written.",
                s => s.LogFilter, (s, v) => s with { LogFilter = v })
            .Flag("log-filter", "CONTAINER_LOG_FILTER")
            .NotActedOn("every daemon log line at the level in force is written")
            .Text("uid_mappings", "", None, "User namespace UID ranges, as containerUID:hostUID:size separated by commas. Deprecated in CRI-O.",
                s => s.UidMappings, (s, v) => s with { UidMappings = v })
            .Flag("uid-mappings", "CONTAINER_UID_MAPPINGS")
            .NotActedOn("deprecated in CRI-O; user namespaces come from the pod's user namespace options")
            .Text("gid_mappings", "", None, "User namespace GID ranges, as containerGID:hostGID:size separated by commas. Deprecated in CRI-O.",
                s => s.GidMappings, (s, v) => s with { GidMappings = v })
            .Flag("gid-mappings", "CONTAINER_GID_MAPPINGS")
            .NotActedOn("deprecated in CRI-O; user namespaces come from the pod's user namespace options")
            .Integer("minimum_mappable_uid", -1, None, "Lowest host UID a pod not running as root may map; negative means none. Deprecated in CRI-O.",
                s => s.MinimumMappableUid, (s, v) => s with { MinimumMappableUid = v })
            .Flag("minimum-mappable-uid", "CONTAINER_MINIMUM_MAPPABLE_UID")
            .NotActedOn("deprecated in CRI-O; user namespaces come from the pod's user namespace options")
            .Integer("minimum_mappable_gid", -1, None, "Lowest host GID a pod not running as root may map; negative means none. Deprecated in CRI-O.",
                s => s.MinimumMappableGid, (s, v) => s with { MinimumMappableGid = v })
            .Flag("minimum-mappable-gid", "CONTAINER_MINIMUM_MAPPABLE_GID")
            .NotActedOn("deprecated in CRI-O; user namespaces come from the pod's user namespace options")
            .Integer("ctr_stop_timeout", MinimumStopTimeout, None, "Least seconds to wait for a container to stop; less than 30 counts as 30.",
                s => s.CtrStopTimeout, (s, v) => s with { CtrStopTimeout = v })
            .Flag("ctr-stop-timeout", "CONTAINER_STOP_TIMEOUT")
            .NotActedOn("StopContainer waits the timeout the kubelet gives")
            .Boolean("drop_infra_ctr", false, None, "Run no infra container for pods that need none (CRI-O's default is true; CriEngine always runs one).",
                s => s.DropInfraCtr, (s, v) => s with { DropInfraCtr = v })
            .Flag("drop-infra-ctr", "CONTAINER_DROP_INFRA_CTR")
            .NotActedOn("every pod keeps its infra container, which holds the pod's IPC, UTS and PID namespaces: the engine pins only the network and user namespaces")
            .Text("infra_ctr_cpuset", "", Honoured, "CPUs of infra containers, in Linux list format.",
                s => s.InfraCtrCpuset, (s, v) => s with { InfraCtrCpuset = v })
            .Flag("infra-ctr-cpuset", "CONTAINER_INFRA_CTR_CPUSET")
            .Text("shared_cpuset", "", None, "CPUs that guaranteed containers may share, in Linux list format.",
                s => s.SharedCpuset, (s, v) => s with { SharedCpuset = v })
            .Flag("shared-cpuset", "CONTAINER_SHARED_CPUSET")
            .NotActedOn("guaranteed containers do not share CPUs")
            .Text("namespaces_dir", "/var/run", Honoured, "Directory where pinned namespaces are kept.",
                s => s.NamespacesDir, (s, v) => s with { NamespacesDir = v }, AbsolutePath)
            .Flag("namespaces-dir", "CONTAINER_NAMESPACES_DIR")
            .Text("pinns_path", "", None, "pinns binary that pins namespaces; empty looks it up on $PATH.",
                s => s.PinnsPath, (s, v) => s with { PinnsPath = v }, AbsolutePathOrEmpty)
            .Flag("pinns-path", "CONTAINER_PINNS_PATH")
            .NotActedOn("the engine pins namespaces itself, without pinns")
            .Boolean("enable_criu_support", true, Honoured | Live, "Allow checkpoint and restore when CRIU is installed.",
                s => s.EnableCriuSupport, (s, v) => s with { EnableCriuSupport = v })
            .Flag("enable-criu-support", "CONTAINER_ENABLE_CRIU_SUPPORT")
            .Boolean("enable_pod_events", false, None, "Send container and pod lifecycle events to the kubelet (evented PLEG).",
                s => s.EnablePodEvents, (s, v) => s with { EnablePodEvents = v })
            .Flag("enable-pod-events", "ENABLE_POD_EVENTS")
            .NotActedOn("container events (GetContainerEvents) are always served")
            .Text("default_runtime", DefaultRuntimeName, Honoured | Live, "Runtime handler of pods that name none; it must be defined in crio.runtime.runtimes.",
                s => s.DefaultRuntime, (s, v) => s with { DefaultRuntime = v })
            .Flag("default-runtime", "CONTAINER_DEFAULT_RUNTIME")
            .TextList("absent_mount_sources_to_reject", ValueList<string>.Empty, Honoured | Live, "Mount sources whose absence fails container creation instead of being created as directories.",
                s => s.AbsentMountSourcesToReject, (s, v) => s with { AbsentMountSourcesToReject = v }, AbsolutePaths)
            .Flag("absent-mount-sources-to-reject", "CONTAINER_ABSENT_MOUNT_SOURCES_TO_REJECT")
            .Boolean("hostnetwork_disable_selinux", true, None, "Turn SELinux separation off for pods in the host network namespace.",
                s => s.HostnetworkDisableSelinux, (s, v) => s with { HostnetworkDisableSelinux = v })
            .Flag("hostnetwork-disable-selinux", "CONTAINER_HOSTNETWORK_DISABLE_SELINUX")
            .NotActedOn("containers are not labelled for SELinux")
            .Boolean("disable_hostport_mapping", false, None, "Set up no host port mappings.",
                s => s.DisableHostportMapping, (s, v) => s with { DisableHostportMapping = v })
            .Flag("disable-hostport-mapping", "DISABLE_HOSTPORT_MAPPING")
            .NotActedOn("host ports are handed to the CNI portmap plugin; the engine maps none itself")
            .Text("timezone", "", None, "Time zone of containers; empty keeps the image's, \"Local\" takes the host's.",
                s => s.Timezone, (s, v) => s with { Timezone = v })
            .Flag("timezone", "CONTAINER_TIME_ZONE", "tz")
            .NotActedOn("containers keep the image's time zone")
            .Text("irqbalance_config_restore_file", "/etc/sysconfig/orig_irq_banned_cpus", None, "irqbalance CPU mask restored at start; empty or \"disable\" restores none.",
                s => s.IrqbalanceConfigRestoreFile, (s, v) => s with { IrqbalanceConfigRestoreFile = v }, AbsolutePathOrEmptyOrDisable)
            .Flag("irqbalance-config-restore-file")
            .NotActedOn("IRQ pinning for high-performance pods is not supported")
            .NamedTables("runtimes", RuntimeHandlerKeys.Tree, RuntimeHandlerKeys.Blank,
                ValueMap<RuntimeHandlerSection>.Empty.SetItem(DefaultRuntimeName, DefaultHandler),
                "Runtime handlers, one [crio.runtime.runtimes.NAME] table each; a pod picks one by name. Applies on reload.",
                s => s.Runtimes, (s, v) => s with { Runtimes = v })
            .NamedTables("workloads", WorkloadKeys.Tree, WorkloadKeys.Blank, ValueMap<WorkloadSection>.Empty,
                "Workloads, one [crio.runtime.workloads.NAME] table each: container resources set by pod annotations (experimental).",
                s => s.Workloads, (s, v) => s with { Workloads = v })
            .Settings;
}
