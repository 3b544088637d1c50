namespace CriEngine.Oci.Spec;

/// <summary>A line of /etc/passwd: name:password:uid:gid:gecos:home:shell.</summary>
internal sealed record PasswdEntry(string Name, uint Uid, uint Gid)
{
    /// <summary>The entries of the file; comments and malformed lines are skipped, as libc does.</summary>
    public static IReadOnlyList<PasswdEntry> Parse(IEnumerable<string> lines) =>
        lines.Select(line => line.Split(':'))
            .Where(fields => fields.Length >= 4 && fields[0].Length > 0 && !fields[0].StartsWith('#'))
            .Select(fields => uint.TryParse(fields[2], out var uid) && uint.TryParse(fields[3], out var gid)
                ? new PasswdEntry(fields[0], uid, gid)
                : null)
            .OfType<PasswdEntry>()
            .ToList();
}
