using Tmds.DBus.Protocol;

namespace CriEngine.Cgroups.Systemd;

/// <summary>
/// One property of a transient unit, as StartTransientUnit takes it (<c>(sv)</c>): the names and
/// D-Bus types systemd 252 reads, the ones CRI-O and runc set on slices and scopes.
/// </summary>
public sealed record SystemdUnitProperty(string Name, VariantValue Value)
{
    /// <summary>Processes to move into a scope, as systemd's pid namespace numbers them.</summary>
    public static SystemdUnitProperty Pids(params uint[] pids) => new("PIDs", VariantValue.Array(pids));

    /// <summary>Hands the unit's cgroup subtree to its processes (runc, for a container's scope).</summary>
    public static SystemdUnitProperty Delegate(bool value) => new("Delegate", VariantValue.Bool(value));

    public static SystemdUnitProperty Slice(string slice) => new("Slice", VariantValue.String(slice));

    public static SystemdUnitProperty Description(string text) => new("Description", VariantValue.String(text));

    /// <summary>No implicit dependencies on sysinit/shutdown: CRI-O's pod slices and container scopes.</summary>
    public static SystemdUnitProperty DefaultDependencies(bool value) => new("DefaultDependencies", VariantValue.Bool(value));

    /// <summary>cgroup v1 <c>cpu.shares</c> (2–262144).</summary>
    public static SystemdUnitProperty CpuShares(ulong shares) => new("CPUShares", VariantValue.UInt64(shares));

    /// <summary>cgroup v2 <c>cpu.weight</c> (1–10000); systemd maps it to shares on v1.</summary>
    public static SystemdUnitProperty CpuWeight(ulong weight) => new("CPUWeight", VariantValue.UInt64(weight));

    /// <summary>CPU time per second of wall time, in microseconds (quota / period × 1 s).</summary>
    public static SystemdUnitProperty CpuQuotaPerSecUSec(ulong microseconds) => new("CPUQuotaPerSecUSec", VariantValue.UInt64(microseconds));

    /// <summary>The CFS period, in microseconds, that <see cref="CpuQuotaPerSecUSec"/> is spread over.</summary>
    public static SystemdUnitProperty CpuQuotaPeriodUSec(ulong microseconds) => new("CPUQuotaPeriodUSec", VariantValue.UInt64(microseconds));

    /// <summary>cgroup v2 <c>cpuset.cpus</c>, as a bit mask (bit <c>n</c> of byte <c>n / 8</c> is CPU <c>n</c>).</summary>
    public static SystemdUnitProperty AllowedCpus(byte[] mask) => new("AllowedCPUs", VariantValue.Array(mask));

    /// <summary>cgroup v2 <c>cpuset.mems</c>, as a bit mask like <see cref="AllowedCpus"/>.</summary>
    public static SystemdUnitProperty AllowedMemoryNodes(byte[] mask) => new("AllowedMemoryNodes", VariantValue.Array(mask));

    /// <summary>cgroup v2 <c>memory.swap.max</c>.</summary>
    public static SystemdUnitProperty MemorySwapMax(ulong bytes) => new("MemorySwapMax", VariantValue.UInt64(bytes));

    /// <summary>cgroup v1 <c>memory.limit_in_bytes</c>.</summary>
    public static SystemdUnitProperty MemoryLimit(ulong bytes) => new("MemoryLimit", VariantValue.UInt64(bytes));

    /// <summary>cgroup v2 <c>memory.max</c>; systemd applies it as the v1 limit too.</summary>
    public static SystemdUnitProperty MemoryMax(ulong bytes) => new("MemoryMax", VariantValue.UInt64(bytes));

    /// <summary><c>pids.max</c>; <see cref="ulong.MaxValue"/> is "infinity".</summary>
    public static SystemdUnitProperty TasksMax(ulong tasks) => new("TasksMax", VariantValue.UInt64(tasks));

    /// <summary>The signal that stops the unit's processes (<c>KillSignal</c>, an <c>i</c>).</summary>
    public static SystemdUnitProperty KillSignal(int signal) => new("KillSignal", VariantValue.Int32(signal));

    /// <summary>The <c>(sv)</c> struct, an element of StartTransientUnit's property array.</summary>
    internal void WriteTo(ref MessageWriter writer)
    {
        writer.WriteStructureStart();
        writer.WriteString(Name);
        writer.WriteVariant(Value);
    }

    public override string ToString() => $"{Name}={Value}";
}
