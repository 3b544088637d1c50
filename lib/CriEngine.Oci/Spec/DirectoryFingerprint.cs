using System.Globalization;
using System.Text;

namespace CriEngine.Oci.Spec;

/// <summary>
/// What changes when a file of a configuration directory is added, removed, renamed or
/// rewritten: each file's name, size and modification time. Cheaper than reading the files, so
/// a catalog re-reads them only when this differs.
/// </summary>
internal static class DirectoryFingerprint
{
    public static string Of(IEnumerable<string> directories, Func<string, bool> read)
    {
        var fingerprint = new StringBuilder();
        foreach (var directory in directories)
        {
            fingerprint.Append(directory).Append('\n');
            if (!Directory.Exists(directory))
                continue;
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles().Where(file => read(file.Name)).OrderBy(file => file.Name, StringComparer.Ordinal))
            {
                fingerprint.Append(file.Name).Append('\0')
                    .Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append('\0')
                    .Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return fingerprint.ToString();
    }
}
