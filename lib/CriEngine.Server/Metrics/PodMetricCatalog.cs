using CriEngine.Api;

namespace CriEngine.Server.Metrics;

/// <summary>
/// The pod and container metrics the engine serves: cAdvisor's names, help texts and labels as
/// CRI-O describes them, in the groups <c>[crio.stats] included_pod_metrics</c> selects. Only
/// what the engine measures is described, since the kubelet drops a metric it has no descriptor
/// for and would show a described one that never comes as missing.
/// </summary>
public static class PodMetricCatalog
{
    public const string CpuGroup = "cpu";
    public const string DiskGroup = "disk";
    public const string MemoryGroup = "memory";
    public const string NetworkGroup = "network";
    public const string OomGroup = "oom";
    public const string ProcessGroup = "process";
    public const string SpecGroup = "spec";

    /// <summary>The value of included_pod_metrics that selects every group.</summary>
    public const string All = "all";

    /// <summary>Value of the "name" label on pod-level metrics, as cAdvisor names the sandbox.</summary>
    public const string PodName = "POD";

    private static readonly string[] BaseLabels = ["id", "name", "image"];

    public static readonly MetricDescriptor LastSeen = Describe("container_last_seen", "Last time a container was seen by the exporter");

    public static readonly MetricDescriptor CpuUser = Describe("container_cpu_user_seconds_total", "Cumulative user CPU time consumed in seconds.");
    public static readonly MetricDescriptor CpuSystem = Describe("container_cpu_system_seconds_total", "Cumulative system CPU time consumed in seconds.");
    public static readonly MetricDescriptor CpuUsageSeconds = Describe("container_cpu_usage_seconds_total", "Cumulative CPU time consumed in seconds.", "cpu");
    public static readonly MetricDescriptor CfsPeriods = Describe("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.");
    public static readonly MetricDescriptor CfsThrottledPeriods = Describe("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.");
    public static readonly MetricDescriptor CfsThrottledSeconds = Describe("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.");

    public static readonly MetricDescriptor FsInodesFree = Describe("container_fs_inodes_free", "Number of free inodes.");
    public static readonly MetricDescriptor FsInodesTotal = Describe("container_fs_inodes_total", "Total number of inodes.");
    public static readonly MetricDescriptor FsLimit = Describe("container_fs_limit_bytes", "Filesystem limit in bytes.");
    public static readonly MetricDescriptor FsUsage = Describe("container_fs_usage_bytes", "Current filesystem usage in bytes.");

    public static readonly MetricDescriptor MemoryCache = Describe("container_memory_cache", "Number of bytes of page cache memory.");
    public static readonly MetricDescriptor MemoryRss = Describe("container_memory_rss", "Size of RSS in bytes.");
    public static readonly MetricDescriptor MemoryKernel = Describe("container_memory_kernel_usage", "Size of kernel memory allocated in bytes.");
    public static readonly MetricDescriptor MemoryMappedFile = Describe("container_memory_mapped_file", "Size of memory mapped files in bytes.");
    public static readonly MetricDescriptor MemorySwap = Describe("container_memory_swap", "Container swap usage in bytes.");
    public static readonly MetricDescriptor MemoryFailcnt = Describe("container_memory_failcnt", "Number of memory usage hits limits");
    public static readonly MetricDescriptor MemoryUsageBytes = Describe("container_memory_usage_bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed");
    public static readonly MetricDescriptor MemoryMaxUsage = Describe("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes");
    public static readonly MetricDescriptor MemoryWorkingSet = Describe("container_memory_working_set_bytes", "Current working set in bytes.");
    public static readonly MetricDescriptor MemoryFailures = Describe("container_memory_failures_total", "Cumulative count of memory allocation failures.", "failure_type", "scope");

    public static readonly MetricDescriptor NetworkReceiveBytes = Describe("container_network_receive_bytes_total", "Cumulative count of bytes received", "interface");
    public static readonly MetricDescriptor NetworkReceivePackets = Describe("container_network_receive_packets_total", "Cumulative count of packets received", "interface");
    public static readonly MetricDescriptor NetworkReceiveDropped = Describe("container_network_receive_packets_dropped_total", "Cumulative count of packets dropped while receiving", "interface");
    public static readonly MetricDescriptor NetworkReceiveErrors = Describe("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving", "interface");
    public static readonly MetricDescriptor NetworkTransmitBytes = Describe("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted", "interface");
    public static readonly MetricDescriptor NetworkTransmitPackets = Describe("container_network_transmit_packets_total", "Cumulative count of packets transmitted", "interface");
    public static readonly MetricDescriptor NetworkTransmitDropped = Describe("container_network_transmit_packets_dropped_total", "Cumulative count of packets dropped while transmitting", "interface");
    public static readonly MetricDescriptor NetworkTransmitErrors = Describe("container_network_transmit_errors_total", "Cumulative count of errors encountered while transmitting", "interface");

    public static readonly MetricDescriptor OomEvents = Describe("container_oom_events_total", "Count of out of memory events observed for the container");

    public static readonly MetricDescriptor FileDescriptors = Describe("container_file_descriptors", "Number of open file descriptors for the container.");
    public static readonly MetricDescriptor Processes = Describe("container_processes", "Number of processes running inside the container.");
    public static readonly MetricDescriptor Sockets = Describe("container_sockets", "Number of open sockets for the container.");
    public static readonly MetricDescriptor Threads = Describe("container_threads", "Number of threads running inside the container");
    public static readonly MetricDescriptor ThreadsMax = Describe("container_threads_max", "Maximum number of threads allowed inside the container, infinity if value is zero");
    public static readonly MetricDescriptor UlimitsSoft = Describe("container_ulimits_soft", "Soft ulimit values for the container root process. Unlimited if -1, except priority and nice", "ulimit");

    public static readonly MetricDescriptor SpecCpuPeriod = Describe("container_spec_cpu_period", "CPU period of the container.");
    public static readonly MetricDescriptor SpecCpuShares = Describe("container_spec_cpu_shares", "CPU share of the container.");
    public static readonly MetricDescriptor SpecCpuQuota = Describe("container_spec_cpu_quota", "CPU quota of the container.");
    public static readonly MetricDescriptor SpecMemoryLimit = Describe("container_spec_memory_limit_bytes", "Memory limit for the container in bytes.");
    public static readonly MetricDescriptor SpecMemorySwapLimit = Describe("container_spec_memory_swap_limit_bytes", "Memory swap limit for the container.");

    private static readonly (string Name, MetricDescriptor[] Descriptors)[] Groups =
    [
        (CpuGroup, [CpuUser, CpuSystem, CpuUsageSeconds, CfsPeriods, CfsThrottledPeriods, CfsThrottledSeconds]),
        (DiskGroup, [FsInodesFree, FsInodesTotal, FsLimit, FsUsage]),
        (MemoryGroup, [MemoryCache, MemoryRss, MemoryKernel, MemoryMappedFile, MemorySwap, MemoryFailcnt, MemoryUsageBytes, MemoryMaxUsage, MemoryWorkingSet, MemoryFailures]),
        (NetworkGroup, [NetworkReceiveBytes, NetworkReceivePackets, NetworkReceiveDropped, NetworkReceiveErrors, NetworkTransmitBytes, NetworkTransmitPackets, NetworkTransmitDropped, NetworkTransmitErrors]),
        (OomGroup, [OomEvents]),
        (ProcessGroup, [FileDescriptors, Processes, Sockets, Threads, ThreadsMax, UlimitsSoft]),
        (SpecGroup, [SpecCpuPeriod, SpecCpuShares, SpecCpuQuota, SpecMemoryLimit, SpecMemorySwapLimit]),
    ];

    /// <summary>
    /// The groups <paramref name="included"/> (included_pod_metrics) selects, in the catalog's
    /// order: "all", or nothing listed, is every group; a name the engine does not measure
    /// (CRI-O's hugetlb) selects nothing.
    /// </summary>
    public static IReadOnlyList<string> GroupsIn(IReadOnlyList<string> included) =>
        included.Count == 0 || included.Contains(All)
            ? Groups.Select(g => g.Name).ToList()
            : Groups.Select(g => g.Name).Where(included.Contains).ToList();

    /// <summary>What ListMetricDescriptors answers for <paramref name="groups"/>: container_last_seen, always, then the groups' metrics.</summary>
    public static IEnumerable<MetricDescriptor> Descriptors(IReadOnlyList<string> groups) =>
        Groups.Where(g => groups.Contains(g.Name)).SelectMany(g => g.Descriptors).Prepend(LastSeen);

    private static MetricDescriptor Describe(string name, string help, params string[] extraLabels) =>
        new() { Name = name, Help = help, LabelKeys = { BaseLabels, extraLabels } };
}
