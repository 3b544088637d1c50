namespace CriEngine.Oci.Seccomp;

/// <summary>The actions runtime-spec config-linux.md "seccomp" defines.</summary>
internal static class SeccompActions
{
    private static readonly HashSet<string> Known =
    [
        "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
        "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
    ];

    public static bool IsKnown(string action) => Known.Contains(action);
}
