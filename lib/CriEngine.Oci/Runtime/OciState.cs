namespace CriEngine.Oci.Runtime;

/// <summary>What <c>runtime state</c> says of a container: its status and its init process (0 once stopped).</summary>
public sealed record OciState(string Id, OciStatus Status, int Pid, string Bundle);
