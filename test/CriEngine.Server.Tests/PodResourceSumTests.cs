using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server.Tests;

public sealed class PodResourceSumTests
{
    private static LinuxContainerResources Sum(LinuxContainerResources resources, LinuxContainerResources? overhead) =>
        PodResourceSum.Of(new UpdatePodSandboxResourcesRequest { PodSandboxId = "p1", Resources = resources, Overhead = overhead }, "pod p1");

    [Test]
    public void The_overhead_adds_to_every_amount_the_resources_set()
    {
        var sum = Sum(
            new LinuxContainerResources { CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 100_000, MemoryLimitInBytes = 200 << 20, CpusetCpus = "0-1", HugepageLimits = { new HugepageLimit { PageSize = "2MB", Limit = 4 << 20 } } },
            new LinuxContainerResources { CpuShares = 100, CpuQuota = 5_000, CpuPeriod = 50_000, MemoryLimitInBytes = 16 << 20, HugepageLimits = { new HugepageLimit { PageSize = "2MB", Limit = 2 << 20 } } });

        Assert.That(sum.CpuShares, Is.EqualTo(612));
        Assert.That(sum.CpuQuota, Is.EqualTo(60_000), "the overhead's quota counted per the resources' period");
        Assert.That(sum.CpuPeriod, Is.EqualTo(100_000));
        Assert.That(sum.MemoryLimitInBytes, Is.EqualTo(216 << 20));
        Assert.That(sum.CpusetCpus, Is.EqualTo("0-1"));
        Assert.That(sum.HugepageLimits.Single().Limit, Is.EqualTo(6UL << 20));
    }

    [Test]
    public void Unset_and_unlimited_stay_so_whatever_the_overhead()
    {
        var sum = Sum(new LinuxContainerResources { CpuQuota = -1 }, new LinuxContainerResources { CpuShares = 100, CpuQuota = 5_000, MemoryLimitInBytes = 16 << 20 });

        Assert.That(sum.CpuQuota, Is.EqualTo(-1));
        Assert.That(sum.CpuShares, Is.Zero);
        Assert.That(sum.MemoryLimitInBytes, Is.Zero);
    }

    [Test]
    public void An_overhead_cpuset_and_an_oom_score_adj_are_refused()
    {
        var cpuset = Assert.Throws<RpcException>(() => Sum(new LinuxContainerResources(), new LinuxContainerResources { CpusetCpus = "0" }));
        var oom = Assert.Throws<RpcException>(() => Sum(new LinuxContainerResources { OomScoreAdj = 100 }, null));

        Assert.That(cpuset!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(cpuset.Message, Does.Contain("pod p1").And.Contain("overhead"));
        Assert.That(oom!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(oom.Message, Does.Contain("oom_score_adj"));
    }
}
