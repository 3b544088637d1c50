using CriEngine.Api;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Spec;

/// <summary>
/// The engine applies no SELinux labels. On a node without SELinux, selinux_options and
/// Mount.selinux_relabel have nothing to act on: they are logged and the request goes on, as with
/// CRI-O there. On a node with SELinux enabled, running the process or relabelling the volume
/// without them would drop the isolation they ask for unseen, so the request is refused by name.
/// </summary>
public static class SelinuxLabels
{
    public static void Check(SELinuxOption? options, IEnumerable<Mount> mounts, SecuritySettings settings, ILogger logger, string subject)
    {
        var relabelled = mounts.Where(m => m.SelinuxRelabel).Select(m => m.ContainerPath).ToList();
        var hasOptions = options is not null && options.CalculateSize() > 0;
        if (!hasOptions && relabelled.Count == 0)
            return;
        var asked = string.Join(" and ", new[]
        {
            hasOptions ? $"selinux_options {options!.User}:{options.Role}:{options.Type}:{options.Level}" : null,
            relabelled.Count > 0 ? $"selinux_relabel of {string.Join(", ", relabelled)}" : null,
        }.OfType<string>());
        if (settings.Kernel.Selinux)
            throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: {asked}: SELinux is enabled on this node, but the engine applies no SELinux labels");
        SpecLog.SelinuxOptionsIgnored(logger, subject, $"{asked}: SELinux is not enabled on this node");
    }
}
