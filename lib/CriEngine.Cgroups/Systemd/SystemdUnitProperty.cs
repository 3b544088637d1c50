using CriEngine.DBus;

namespace CriEngine.Cgroups.Systemd;

/// <summary>
/// One property of a transient unit, as StartTransientUnit takes it (<c>(sv)</c>): the names and
/// D-Bus types systemd 252 reads, the ones CRI-O and runc set on slices and scopes.
/// </summary>
public sealed record SystemdUnitProperty(string Name, DBusVariant Value)
{
    /// <summary>Processes to move into a scope, as systemd's pid namespace numbers them.</summary>
    public static SystemdUnitProperty Pids(params uint[] pids) => new("PIDs", new DBusVariant("au", pids));

    /// <summary>Hands the unit's cgroup subtree to its processes (runc, for a container's scope).</summary>
    public static SystemdUnitProperty Delegate(bool value) => new("Delegate", DBusVariant.Boolean(value));

    public static SystemdUnitProperty Slice(string slice) => new("Slice", DBusVariant.String(slice));

    public static SystemdUnitProperty Description(string text) => new("Description", DBusVariant.String(text));

    /// <summary>No implicit dependencies on sysinit/shutdown: CRI-O's pod slices and container scopes.</summary>
    public static SystemdUnitProperty DefaultDependencies(bool value) => new("DefaultDependencies", DBusVariant.Boolean(value));

    /// <summary>cgroup v1 <c>cpu.shares</c> (2–262144).</summary>
    public static SystemdUnitProperty CpuShares(ulong shares) => new("CPUShares", DBusVariant.UInt64(shares));

    /// <summary>cgroup v2 <c>cpu.weight</c> (1–10000); systemd maps it to shares on v1.</summary>
    public static SystemdUnitProperty CpuWeight(ulong weight) => new("CPUWeight", DBusVariant.UInt64(weight));

    /// <summary>CPU time per second of wall time, in microseconds (quota / period × 1 s).</summary>
    public static SystemdUnitProperty CpuQuotaPerSecUSec(ulong microseconds) => new("CPUQuotaPerSecUSec", DBusVariant.UInt64(microseconds));

    /// <summary>cgroup v1 <c>memory.limit_in_bytes</c>.</summary>
    public static SystemdUnitProperty MemoryLimit(ulong bytes) => new("MemoryLimit", DBusVariant.UInt64(bytes));

    /// <summary>cgroup v2 <c>memory.max</c>; systemd applies it as the v1 limit too.</summary>
    public static SystemdUnitProperty MemoryMax(ulong bytes) => new("MemoryMax", DBusVariant.UInt64(bytes));

    /// <summary><c>pids.max</c>; <see cref="ulong.MaxValue"/> is "infinity".</summary>
    public static SystemdUnitProperty TasksMax(ulong tasks) => new("TasksMax", DBusVariant.UInt64(tasks));

    internal DBusStruct ToStruct() => new(Name, Value);

    public override string ToString() => $"{Name}={Value.Value}";
}
