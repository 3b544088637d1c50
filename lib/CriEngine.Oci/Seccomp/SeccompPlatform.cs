using System.Runtime.InteropServices;

namespace CriEngine.Oci.Seccomp;

/// <summary>What a profile's conditions are checked against: the node's architecture and kernel.</summary>
/// <param name="GoArchitecture">As profiles name it in includes.arches: "amd64", "arm64".</param>
/// <param name="NativeArchitecture">As libseccomp names it: "SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64".</param>
public sealed record SeccompPlatform(string GoArchitecture, string NativeArchitecture, Version Kernel)
{
    public static SeccompPlatform X86_64 { get; } = new("amd64", "SCMP_ARCH_X86_64", new Version(6, 1));

    public static SeccompPlatform Aarch64 { get; } = new("arm64", "SCMP_ARCH_AARCH64", new Version(6, 1));

    /// <summary>This node. Other architectures get the profile without architecture-specific rules.</summary>
    public static SeccompPlatform Current { get; } = (RuntimeInformation.OSArchitecture switch
    {
        Architecture.Arm64 => Aarch64,
        Architecture.X64 => X86_64,
        var other => new SeccompPlatform(other.ToString().ToLowerInvariant(), "", new Version(0, 0)),
    }) with { Kernel = Environment.OSVersion.Version };

    /// <summary>"5.8" or "5.8.0": true when the kernel is that version or newer.</summary>
    public bool KernelAtLeast(string version) =>
        Version.TryParse(version.Contains('.') ? version : version + ".0", out var minimum) && Kernel >= minimum;
}
