namespace CriEngine.Oci.Spec;

/// <summary>A line of /etc/group: name:password:gid:member,member.</summary>
internal sealed record GroupEntry(string Name, uint Gid, IReadOnlyList<string> Members)
{
    /// <summary>The entries of the file; comments and malformed lines are skipped, as libc does.</summary>
    public static IReadOnlyList<GroupEntry> Parse(IEnumerable<string> lines) =>
        lines.Select(line => line.Split(':'))
            .Where(fields => fields.Length >= 3 && fields[0].Length > 0 && !fields[0].StartsWith('#'))
            .Select(fields => uint.TryParse(fields[2], out var gid)
                ? new GroupEntry(
                    fields[0],
                    gid,
                    fields.Length > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [])
                : null)
            .OfType<GroupEntry>()
            .ToList();
}
