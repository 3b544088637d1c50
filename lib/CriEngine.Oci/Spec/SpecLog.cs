using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Spec;

/// <summary>What spec generation tells the operator without failing the request.</summary>
internal static partial class SpecLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Subject}: {Reason}: not applied")]
    public static partial void SelinuxOptionsIgnored(ILogger logger, string subject, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject}: no_new_privs has no effect: the container is privileged or has CAP_SYS_ADMIN")]
    public static partial void NoNewPrivilegesWithoutEffect(ILogger logger, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject}: sysctl {Sysctl} skipped: {Reason}")]
    public static partial void SysctlSkipped(ILogger logger, string subject, string sysctl, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subject}: default sysctl {Sysctl} skipped: {Reason}")]
    public static partial void DefaultSysctlSkipped(ILogger logger, string subject, string sysctl, string reason);
}
