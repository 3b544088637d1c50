using CriEngine.Oci.Seccomp;

namespace CriEngine.Oci.Spec;

/// <summary>What the node's kernel offers to confine containers.</summary>
public sealed record KernelSecurity(bool AppArmor, bool Selinux, SeccompPlatform Seccomp)
{
    /// <summary>Neither AppArmor nor SELinux, on this node's architecture.</summary>
    public static KernelSecurity None { get; } = new(false, false, SeccompPlatform.Current);

    /// <summary>This node's, as runc and CRI-O detect them, once.</summary>
    public static KernelSecurity Node => LazyNode.Value;

    private static readonly Lazy<KernelSecurity> LazyNode = new(Detect);

    private static KernelSecurity Detect() => new(
        Directory.Exists("/sys/kernel/security/apparmor") && IsYes("/sys/module/apparmor/parameters/enabled"),
        File.Exists("/sys/fs/selinux/enforce"),
        SeccompPlatform.Current);

    private static bool IsYes(string path)
    {
        try
        {
            return File.ReadAllText(path).StartsWith('Y');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
