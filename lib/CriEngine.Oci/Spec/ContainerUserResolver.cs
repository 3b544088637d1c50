using System.Globalization;
using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// Who the container runs as. The user is run_as_username, else run_as_user, else the image's
/// User ("uid", "uid:gid", "name", "name:group", ...); names are looked up in the container's own
/// /etc/passwd and /etc/group, read inside the rootfs whatever symlinks they are. The rules are
/// runc's (libcontainer/user) as CRI-O applies them.
/// </summary>
internal static class ContainerUserResolver
{
    public static async Task<ResolvedUser> ResolveAsync(
        string rootfs, LinuxContainerSecurityContext context, string? imageUser, string subject, CancellationToken cancellationToken)
    {
        if (context.RunAsGroup is not null && context.RunAsUser is null && context.RunAsUsername.Length == 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: run_as_group is set without run_as_user or run_as_username");
        var spec = UserSpec(context, imageUser, subject);
        var separator = spec.IndexOf(':');
        var userPart = separator < 0 ? spec : spec[..separator];
        var groupPart = separator < 0 ? "" : spec[(separator + 1)..];

        var passwd = PasswdEntry.Parse(await ReadAsync(rootfs, "/etc/passwd", cancellationToken).ConfigureAwait(false));
        var numericUser = TryId(userPart, out var uidArgument);
        var entry = userPart.Length == 0
            ? passwd.FirstOrDefault(candidate => candidate.Uid == 0)
            : passwd.FirstOrDefault(candidate => numericUser ? candidate.Uid == uidArgument : candidate.Name == userPart);
        if (entry is null && userPart.Length > 0 && !numericUser)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: user \"{userPart}\" not found in the image's /etc/passwd");
        var uid = entry?.Uid ?? uidArgument;
        var gid = entry?.Gid ?? 0;

        var memberOf = new List<uint>();
        if (groupPart.Length > 0 || entry is not null)
        {
            var groups = GroupEntry.Parse(await ReadAsync(rootfs, "/etc/group", cancellationToken).ConfigureAwait(false));
            if (groupPart.Length > 0)
                gid = ExplicitGroup(groups, groupPart, subject);
            else if (context.SupplementalGroupsPolicy == SupplementalGroupsPolicy.Merge)
                memberOf.AddRange(groups.Where(group => group.Members.Contains(entry!.Name)).Select(group => group.Gid));
        }

        var databaseGid = gid;
        if (context.RunAsGroup is not null)
            gid = Id(context.RunAsGroup.Value, "run_as_group", subject);
        // The primary group leads the list, as CRI-O and containerd put it.
        var additional = new[] { gid }
            .Concat(memberOf)
            .Concat(context.SupplementalGroups.Select(group => Id(group, "supplemental group", subject)))
            .Distinct()
            .ToList();
        return new ResolvedUser(uid, gid, additional, entry?.Name) { Requested = userPart, DatabaseGid = databaseGid };
    }

    private static string UserSpec(LinuxContainerSecurityContext context, string? imageUser, string subject)
    {
        if (context.RunAsUsername.Length > 0)
            return context.RunAsUsername;
        if (context.RunAsUser is not null)
            return Id(context.RunAsUser.Value, "run_as_user", subject).ToString(CultureInfo.InvariantCulture);
        return imageUser?.Trim() ?? "";
    }

    private static uint ExplicitGroup(IReadOnlyList<GroupEntry> groups, string groupPart, string subject)
    {
        var numeric = TryId(groupPart, out var gidArgument);
        var group = groups.FirstOrDefault(candidate => numeric ? candidate.Gid == gidArgument : candidate.Name == groupPart);
        if (group is not null)
            return group.Gid;
        return numeric
            ? gidArgument
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: group \"{groupPart}\" not found in the image's /etc/group");
    }

    private static async Task<IEnumerable<string>> ReadAsync(string rootfs, string path, CancellationToken cancellationToken)
    {
        var file = RootfsPath.Resolve(rootfs, path);
        return File.Exists(file) ? await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false) : [];
    }

    // Ids up to 2^31-1, as runc accepts them.
    private static bool TryId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= int.MaxValue;

    private static uint Id(long value, string what, string subject) =>
        value is >= 0 and <= int.MaxValue
            ? (uint)value
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: {what} {value} is not a valid id");
}
