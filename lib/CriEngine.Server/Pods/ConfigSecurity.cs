using CriEngine.Config;
using CriEngine.Oci.Spec;

namespace CriEngine.Server.Pods;

internal static class ConfigSecurity
{
    /// <summary>The security keys of a configuration snapshot, for the specs of the pods and containers made under it.</summary>
    public static SecuritySettings Of(RuntimeSection runtime) => new()
    {
        DefaultCapabilities = runtime.DefaultCapabilities,
        AddInheritableCapabilities = runtime.AddInheritableCapabilities,
        SeccompProfile = runtime.SeccompProfile,
        SeccompUseDefaultWhenEmpty = runtime.SeccompUseDefaultWhenEmpty,
        PrivilegedSeccompProfile = runtime.PrivilegedSeccompProfile,
        ApparmorProfile = runtime.ApparmorProfile,
        DefaultSysctls = runtime.DefaultSysctls,
        DefaultUlimits = runtime.DefaultUlimits,
        PidsLimit = runtime.PidsLimit,
        ReadOnly = runtime.ReadOnly,
        Kernel = KernelSecurity.Node,
    };
}
