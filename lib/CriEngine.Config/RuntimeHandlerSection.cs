namespace CriEngine.Config;

/// <summary>One <c>[crio.runtime.runtimes.NAME]</c> table: an OCI runtime handler.</summary>
public sealed record RuntimeHandlerSection
{
    internal RuntimeHandlerSection()
    {
    }

    public string RuntimePath { get; init; } = "";

    public string RuntimeType { get; init; } = "";

    public string RuntimeRoot { get; init; } = "";

    public string RuntimeConfigPath { get; init; } = "";

    public bool InheritDefaultRuntime { get; init; }

    public string ContainerMinMemory { get; init; } = "";

    public string MonitorPath { get; init; } = "";

    public string MonitorCgroup { get; init; } = "";

    public string MonitorExecCgroup { get; init; } = "";

    public ValueList<string> MonitorEnv { get; init; } = ValueList<string>.Empty;

    public ValueList<string> AllowedAnnotations { get; init; } = ValueList<string>.Empty;

    public bool PrivilegedWithoutHostDevices { get; init; }

    public ValueMap<string> PlatformRuntimePaths { get; init; } = ValueMap<string>.Empty;

    public bool RuntimePullImage { get; init; }

    public bool NoSyncLog { get; init; }

    public ValueMap<string> DefaultAnnotations { get; init; } = ValueMap<string>.Empty;

    public bool StreamWebsockets { get; init; }

    public string ExecCpuAffinity { get; init; } = "";

    public string SeccompProfile { get; init; } = "";

    public long ContainerCreateTimeout { get; init; }

    /// <summary>An "oci" handler (or one of no type, which CRI-O treats as "oci"): the kind that runs under a conmon-style monitor.</summary>
    public bool IsOci => RuntimeType is RuntimeTypes.Oci or "";
}
