namespace CriEngine.Oci.Runtime;

/// <summary>
/// One runtime handler as the engine drives it (crio.conf's <c>[crio.runtime.runtimes.NAME]</c>):
/// the runtime binary, the directory it keeps its container state in (its <c>--root</c>), the
/// handler type, and whether cgroups go through systemd (<c>--systemd-cgroup</c>).
/// </summary>
public sealed record OciRuntimeHandler(string RuntimePath, string RuntimeRoot, string RuntimeType = OciRuntimeHandler.OciType, bool SystemdCgroup = false)
{
    /// <summary>The only type the engine drives: a runtime CLI with runc's commands, through a conmon-compatible monitor.</summary>
    public const string OciType = "oci";

    /// <summary>The runtime's file name, as messages name it ("runc").</summary>
    public string Name => Path.GetFileName(RuntimePath);
}
