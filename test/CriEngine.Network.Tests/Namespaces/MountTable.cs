namespace CriEngine.Network.Tests.Namespaces;

/// <summary>This process's mounts as the kernel lists them in /proc/self/mountinfo.</summary>
internal static class MountTable
{
    public sealed record Entry(string MountPoint, string Root, string FileSystemType);

    public static IReadOnlyList<Entry> Read() =>
        File.ReadAllLines("/proc/self/mountinfo").Select(Parse).ToList();

    public static IReadOnlyList<Entry> Under(string directory) =>
        Read().Where(e => e.MountPoint == directory || e.MountPoint.StartsWith(directory + "/", StringComparison.Ordinal)).ToList();

    public static Entry? At(string mountPoint) => Read().LastOrDefault(e => e.MountPoint == mountPoint);

    // Fields: id parent major:minor root mount-point options [optional fields...] - type source super-options
    private static Entry Parse(string line)
    {
        var fields = line.Split(' ');
        var separator = Array.IndexOf(fields, "-");
        return new Entry(Unescape(fields[4]), Unescape(fields[3]), fields[separator + 1]);
    }

    private static string Unescape(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
