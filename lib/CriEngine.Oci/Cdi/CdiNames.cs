using System.Text.RegularExpressions;

namespace CriEngine.Oci.Cdi;

/// <summary>The forms of CDI names: a kind is vendor.com/class, a device vendor.com/class=name.</summary>
internal static partial class CdiNames
{
    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?/[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    public static partial Regex Kind();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9_.:-]*[A-Za-z0-9])?$")]
    public static partial Regex Device();

    /// <summary>Whether <paramref name="name"/> is a fully qualified device name.</summary>
    public static bool IsQualified(string name) =>
        name.Split('=') is [var kind, var device] && Kind().IsMatch(kind) && Device().IsMatch(device);
}
