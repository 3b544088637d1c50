using System.Runtime.InteropServices;

namespace CriEngine.Images.Manifests;

/// <summary>
/// The platform an image runs on (OCI image index, <c>platform</c>), with GOOS/GOARCH names.
/// Not named <c>Platform</c>: that name is taken by the <c>CriEngine.Platform</c> namespace, which
/// would shadow the type in every other <c>CriEngine.*</c> namespace.
/// </summary>
public sealed record ImagePlatform(
    string Os,
    string Architecture,
    string? Variant = null,
    string? OsVersion = null,
    IReadOnlyList<string>? OsFeatures = null)
{
    /// <summary>This machine: linux, the process's architecture as GOARCH names it, and its default variant.</summary>
    public static ImagePlatform Host { get; } = ForArchitecture(RuntimeInformation.OSArchitecture);

    internal static ImagePlatform ForArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => new("linux", "amd64"),
        System.Runtime.InteropServices.Architecture.X86 => new("linux", "386"),
        System.Runtime.InteropServices.Architecture.Arm64 => new("linux", "arm64", "v8"),
        System.Runtime.InteropServices.Architecture.Arm => new("linux", "arm", "v7"),
        System.Runtime.InteropServices.Architecture.Armv6 => new("linux", "arm", "v6"),
        System.Runtime.InteropServices.Architecture.S390x => new("linux", "s390x"),
        System.Runtime.InteropServices.Architecture.Ppc64le => new("linux", "ppc64le"),
        System.Runtime.InteropServices.Architecture.RiscV64 => new("linux", "riscv64"),
        System.Runtime.InteropServices.Architecture.LoongArch64 => new("linux", "loong64"),
        System.Runtime.InteropServices.Architecture.Wasm => new("linux", "wasm"),
        _ => new("linux", architecture.ToString().ToLowerInvariant()),
    };

    /// <summary><c>os/architecture[/variant]</c>, as image tools print a platform.</summary>
    public override string ToString() => string.IsNullOrEmpty(Variant) ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
