using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The identity of the infra (pause) process from the pod's security context: run_as_user,
/// run_as_group and supplemental_groups, as containerd's CRI plugin gives them to its sandbox
/// (CRI-O's runs it as root); root when none is set. The pause process needs no privilege, so a
/// pod asking for a non-root identity gets one for every process it runs.
/// </summary>
public static class SandboxUser
{
    public static OciUser For(LinuxSandboxSecurityContext? context, string subject)
    {
        if (context is null)
            return new OciUser();
        if (context.RunAsGroup is not null && context.RunAsUser is null)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: run_as_group is set without run_as_user");
        return new OciUser
        {
            Uid = context.RunAsUser is null ? 0 : Id(context.RunAsUser.Value, "run_as_user", subject),
            Gid = context.RunAsGroup is null ? 0 : Id(context.RunAsGroup.Value, "run_as_group", subject),
            AdditionalGids = context.SupplementalGroups.Count == 0 ? null : context.SupplementalGroups.Select(group => Id(group, "supplemental group", subject)).Distinct().ToList(),
        };
    }

    private static uint Id(long value, string what, string subject) =>
        value is >= 0 and <= int.MaxValue
            ? (uint)value
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: {what} {value} is not a valid id");
}
