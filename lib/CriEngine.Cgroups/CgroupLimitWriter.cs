using System.Globalization;
using CriEngine.Grpc;
using Microsoft.Extensions.Logging;

namespace CriEngine.Cgroups;

/// <summary>
/// Writes <see cref="CgroupResources"/> into one existing cgroup as runc's cgroupfs driver does
/// (v1 files in each controller's hierarchy, or the v2 files), all or nothing: every file is
/// checked to exist before the first write, and when the kernel refuses one, the files already
/// written get their previous values back, last first, before the refusal is reported.
/// </summary>
internal sealed class CgroupLimitWriter(CgroupLayout layout, ILogger logger)
{
    private const int Busy = 16;
    private const int Invalid = 22;
    private const int OutOfRange = 34;

    /// <returns>What puts the previous values back, for a caller whose next step fails.</returns>
    /// <exception cref="RpcException">Naming <paramref name="subject"/>, the file, the value and the kernel's reason.</exception>
    public async Task<Func<Task>> WriteAsync(string cgroupPath, CgroupResources resources, string subject, CancellationToken cancellationToken)
    {
        var writes = layout.Mode == CgroupMode.Unified
            ? await PlanV2Async(cgroupPath, resources, subject, cancellationToken).ConfigureAwait(false)
            : await PlanV1Async(cgroupPath, resources, subject, cancellationToken).ConfigureAwait(false);
        var previous = new List<(string File, string Value)>();
        foreach (var (file, _) in writes)
        {
            var text = CgroupFile.Read(file)
                ?? throw new RpcException(StatusCode.FailedPrecondition, $"{subject}: cgroup file {file} does not exist: its controller is not enabled there");
            previous.Add((file, text.Trim()));
        }
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                await CgroupFile.WriteAsync(writes[i].File, writes[i].Value, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await RestoreAsync(previous.Take(i).Reverse()).ConfigureAwait(false);
                throw new RpcException(e.HResult switch
                {
                    Busy => StatusCode.FailedPrecondition,
                    Invalid or OutOfRange => StatusCode.InvalidArgument,
                    _ => StatusCode.Internal,
                }, $"{subject}: cgroup {Path.GetDirectoryName(writes[i].File)}: {Path.GetFileName(writes[i].File)} = \"{writes[i].Value}\" refused by the kernel: {e.Message}", e);
            }
        }
        logger.LimitsWritten(cgroupPath, writes.Count);
        return () => RestoreAsync(Enumerable.Reverse(previous));
    }

    private async Task RestoreAsync(IEnumerable<(string File, string Value)> written)
    {
        foreach (var (file, value) in written)
        {
            try
            {
                await CgroupFile.WriteAsync(file, value, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LimitNotRestored(file, value, e.Message);
            }
        }
    }

    private async Task<List<(string File, string Value)>> PlanV1Async(string cgroupPath, CgroupResources r, string subject, CancellationToken cancellationToken)
    {
        if (r.Unified.Count > 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: unified settings ({string.Join(", ", r.Unified.Keys)}) need cgroup v2; this node runs cgroup v1");
        var writes = new List<(string, string)>();
        var cpu = r.CpuShares is not null || r.CpuPeriod is not null || r.CpuQuota is not null ? In("cpu", cgroupPath) : "";
        if (r.CpuShares is { } shares)
            writes.Add((Path.Join(cpu, "cpu.shares"), Text(shares)));
        var period = r.CpuPeriod is { } p ? (Path.Join(cpu, "cpu.cfs_period_us"), Text(p)) : default;
        var quota = r.CpuQuota is { } q ? (Path.Join(cpu, "cpu.cfs_quota_us"), Text(q)) : default;
        if (period != default && quota != default)
        {
            // Each write is checked against the other value in force: the order whose passing
            // ratio (quota per period) is lower keeps within the parent's and the children's.
            var oldQuota = Number(CgroupFile.Read(quota.Item1));
            var oldPeriod = Number(CgroupFile.Read(period.Item1));
            var periodFirst = Ratio(oldQuota, r.CpuPeriod!.Value) <= Ratio(r.CpuQuota!.Value, (ulong)Math.Max(oldPeriod, 1));
            writes.AddRange(periodFirst ? [period, quota] : [quota, period]);
        }
        else if (period != default)
            writes.Add(period);
        else if (quota != default)
            writes.Add(quota);

        var cpuset = r.CpusetCpus is not null || r.CpusetMems is not null ? In("cpuset", cgroupPath) : "";
        if (r.CpusetCpus is { } cpus)
            writes.Add((Path.Join(cpuset, "cpuset.cpus"), cpus));
        if (r.CpusetMems is { } mems)
            writes.Add((Path.Join(cpuset, "cpuset.mems"), mems));

        if (r.MemoryLimit is not null || r.MemorySwap is not null)
        {
            var memory = In("memory", cgroupPath);
            var limit = r.MemoryLimit is { } l ? (Path.Join(memory, "memory.limit_in_bytes"), Text(l)) : default;
            var swap = r.MemorySwap is { } s ? (Path.Join(memory, "memory.memsw.limit_in_bytes"), Text(s)) : default;
            // memory.limit_in_bytes may never pass memory.memsw.limit_in_bytes: raise memsw first, lower it last.
            var swapFirst = false;
            if (swap != default)
            {
                var oldSwap = Number(CgroupFile.Read(swap.Item1));
                swapFirst = r.MemorySwap == -1 || r.MemoryLimit is not { } newLimit || (oldSwap >= 0 && newLimit > oldSwap);
            }
            if (swapFirst)
                writes.Add(swap);
            if (limit != default)
                writes.Add(limit);
            if (swap != default && !swapFirst)
                writes.Add(swap);
        }

        if (r.HugepageLimits.Count > 0 && layout.V1MountOf("hugetlb") is not null)
        {
            var hugetlb = In("hugetlb", cgroupPath);
            foreach (var (size, bytes) in r.HugepageLimits)
                writes.Add((Path.Join(hugetlb, $"hugetlb.{size}.limit_in_bytes"), Text(bytes)));
        }
        return writes;
    }

    private async Task<List<(string File, string Value)>> PlanV2Async(string cgroupPath, CgroupResources r, string subject, CancellationToken cancellationToken)
    {
        var directory = CgroupPath.OnDisk(layout.UnifiedMountPoint!, cgroupPath);
        var writes = new List<(string, string)>();
        if (r.CpuShares is { } shares)
            writes.Add((Path.Join(directory, "cpu.weight"), Text(CpuWeight(shares))));
        if (r.CpuQuota is not null || r.CpuPeriod is not null)
        {
            // cpu.max holds both: what the request leaves out stays as it is.
            var max = Path.Join(directory, "cpu.max");
            var current = (CgroupFile.Read(max) ?? "max 100000").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var quota = r.CpuQuota switch { null => current[0], < 0 => "max", { } q => Text(q) };
            writes.Add((max, $"{quota} {(r.CpuPeriod is { } p ? Text(p) : current.ElementAtOrDefault(1) ?? "100000")}"));
        }
        if (r.CpusetCpus is { } cpus)
            writes.Add((Path.Join(directory, "cpuset.cpus"), cpus));
        if (r.CpusetMems is { } mems)
            writes.Add((Path.Join(directory, "cpuset.mems"), mems));
        if (r.MemoryLimit is { } limit)
            writes.Add((Path.Join(directory, "memory.max"), Text(limit)));
        if (r.MemorySwap is { } swap)
        {
            // runc's conversion: v2 caps swap alone, v1 memory and swap together.
            var memory = r.MemoryLimit ?? Number(CgroupFile.Read(Path.Join(directory, "memory.max")));
            writes.Add((Path.Join(directory, "memory.swap.max"), swap < 0 || memory < 0 ? "max" : Text(Math.Max(swap - memory, 0))));
        }
        foreach (var (size, bytes) in r.HugepageLimits)
            writes.Add((Path.Join(directory, $"hugetlb.{size}.max"), Text(bytes)));
        foreach (var (key, value) in r.Unified.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            // A controller's own file only: cgroup.* files change the tree, not its limits.
            if (key.Contains('/') || key.StartsWith("cgroup.", StringComparison.Ordinal) || !key.Contains('.'))
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: unified setting \"{key}\": not a controller's file");
            if (!File.Exists(Path.Join(directory, key)))
                throw new RpcException(StatusCode.InvalidArgument, $"{subject}: unified setting \"{key}\": cgroup {directory} has no such file (controller not enabled, or unknown)");
            writes.Add((Path.Join(directory, key), value));
        }
        return writes;
    }

    private string In(string controller, string cgroupPath) =>
        layout.V1MountOf(controller) is { } mount
            ? CgroupPath.OnDisk(mount, cgroupPath)
            : throw new RpcException(StatusCode.FailedPrecondition, $"cgroup {cgroupPath}: this node has no {controller} controller");

    /// <summary>runc's ConvertCPUSharesToCgroupV2Value: [2, 262144] onto [1, 10000].</summary>
    internal static ulong CpuWeight(ulong shares) => shares == 0 ? 0 : 1 + ((Math.Clamp(shares, 2, 262144) - 2) * 9999 / 262142);

    private static double Ratio(long quota, ulong period) => quota < 0 ? double.PositiveInfinity : (double)quota / period;

    /// <summary>A control file's number; "max" and v1's page-rounded maximum read as -1 (no limit).</summary>
    private static long Number(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value < (1L << 62) ? value : -1;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
