using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerResourceTests
{
    private const long GiB = 1024L * 1024 * 1024;

    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [Test]
    public async Task Every_CRI_resource_maps_to_its_cgroup_setting()
    {
        var resources = new LinuxContainerResources
        {
            CpuPeriod = 100000, CpuQuota = 50000, CpuShares = 512, MemoryLimitInBytes = GiB, MemorySwapLimitInBytes = 2 * GiB,
            OomScoreAdj = 999, CpusetCpus = "0-1", CpusetMems = "0",
        };
        resources.HugepageLimits.Add(new HugepageLimit { PageSize = "2MB", Limit = 4194304 });
        resources.Unified.Add("memory.high", "900000000");

        var result = await BuildAsync(resources, new CgroupSupport(IsV2: true, HasMemorySwap: true, HasHugetlb: true));

        var linux = result.Spec.Linux!.Resources!;
        Assert.That(linux.Cpu, Is.EqualTo(new OciCpu { Shares = 512, Quota = 50000, Period = 100000, Cpus = "0-1", Mems = "0" }));
        Assert.That(linux.Memory, Is.EqualTo(new OciMemory { Limit = GiB, Swap = 2 * GiB }));
        Assert.That(linux.HugepageLimits, Is.EqualTo(new[] { new OciHugepageLimit { PageSize = "2MB", Limit = 4194304 } }));
        Assert.That(linux.Unified, Is.EqualTo(new Dictionary<string, string> { ["memory.high"] = "900000000" }));
        Assert.That(result.Spec.Process!.OomScoreAdj, Is.EqualTo(999));
    }

    [Test]
    public async Task Unset_resources_are_left_out()
    {
        var result = await BuildAsync(new LinuxContainerResources(), new CgroupSupport(true, true, true));

        var resources = result.Spec.Linux!.Resources!;
        Assert.That((resources.Cpu, resources.Memory, resources.HugepageLimits, resources.Unified), Is.EqualTo(((OciCpu?)null, (OciMemory?)null, (IReadOnlyList<OciHugepageLimit>?)null, (IReadOnlyDictionary<string, string>?)null)));
        Assert.That(result.Spec.Process!.OomScoreAdj, Is.EqualTo(0));
    }

    [Test]
    public async Task Memory_limit_without_swap_limit_forbids_swap()
    {
        var result = await BuildAsync(new LinuxContainerResources { MemoryLimitInBytes = GiB }, new CgroupSupport(false, true, false));

        Assert.That(result.Spec.Linux!.Resources!.Memory, Is.EqualTo(new OciMemory { Limit = GiB, Swap = GiB }));
    }

    [Test]
    public async Task Settings_the_node_cannot_apply_are_left_out()
    {
        var resources = new LinuxContainerResources { MemoryLimitInBytes = GiB };
        resources.HugepageLimits.Add(new HugepageLimit { PageSize = "2MB", Limit = 4194304 });
        resources.Unified.Add("memory.high", "900000000");

        var result = await BuildAsync(resources, new CgroupSupport(IsV2: false, HasMemorySwap: false, HasHugetlb: false));

        var linux = result.Spec.Linux!.Resources!;
        Assert.That(linux.Memory, Is.EqualTo(new OciMemory { Limit = GiB }));
        Assert.That(linux.HugepageLimits, Is.Null);
        Assert.That(linux.Unified, Is.Null);
    }

    [Test]
    public void Memory_limit_below_what_a_container_needs_to_start_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            BuildAsync(new LinuxContainerResources { MemoryLimitInBytes = 1024 * 1024 }, new CgroupSupport(false, true, true)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("memory limit 1048576"));
    }

    [Test]
    public void Swap_limit_below_the_memory_limit_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            BuildAsync(new LinuxContainerResources { MemoryLimitInBytes = 2 * GiB, MemorySwapLimitInBytes = GiB }, new CgroupSupport(false, true, true)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public void A_swap_limit_on_a_node_without_swap_accounting_is_refused_not_dropped()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            BuildAsync(new LinuxContainerResources { MemoryLimitInBytes = GiB, MemorySwapLimitInBytes = 2 * GiB }, new CgroupSupport(false, HasMemorySwap: false, true)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain("memory+swap limit 2147483648 cannot be applied: the node's cgroups do not account swap"));
    }

    [Test]
    public async Task Unlimited_swap_needs_no_swap_accounting()
    {
        var result = await BuildAsync(new LinuxContainerResources { MemoryLimitInBytes = GiB, MemorySwapLimitInBytes = -1 }, new CgroupSupport(false, HasMemorySwap: false, true));

        Assert.That(result.Spec.Linux!.Resources!.Memory, Is.EqualTo(new OciMemory { Limit = GiB }));
    }

    [Test]
    public void A_swap_limit_without_a_memory_limit_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            BuildAsync(new LinuxContainerResources { MemorySwapLimitInBytes = GiB }, new CgroupSupport(false, true, true)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("without a memory limit"));
    }

    [TestCase(-997, -1000, -997, false)]
    [TestCase(-997, 0, 0, true)]
    [TestCase(1000, -999, 1000, false)]
    public async Task Oom_score_adj_below_the_engine_s_own_is_raised_to_it(int requested, int minimum, int applied, bool clamped)
    {
        var config = SpecInputs.Container();
        config.Linux.Resources = new LinuxContainerResources { OomScoreAdj = requested };
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { MinimumOomScoreAdj = minimum };

        var result = await ContainerSpecBuilder.BuildAsync(input);

        Assert.That(result.Spec.Process!.OomScoreAdj, Is.EqualTo(applied));
        Assert.That(result.OomScoreAdj, Is.EqualTo(new OomScoreAdjustment(requested, applied)));
        Assert.That(result.OomScoreAdj!.Clamped, Is.EqualTo(clamped));
    }

    [Test]
    public async Task Without_resources_the_oom_score_adj_is_left_to_the_runtime()
    {
        var result = await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container());

        Assert.That(result.Spec.Process!.OomScoreAdj, Is.Null);
        Assert.That(result.OomScoreAdj, Is.Null);
    }

    [Test]
    public void Oom_score_adj_out_of_the_kernel_s_range_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            BuildAsync(new LinuxContainerResources { OomScoreAdj = 1001 }, new CgroupSupport(false, true, true)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    private Task<ContainerSpec> BuildAsync(LinuxContainerResources resources, CgroupSupport cgroups)
    {
        var config = SpecInputs.Container();
        config.Linux.Resources = resources;
        return ContainerSpecBuilder.BuildAsync(SpecInputs.ForContainer(_rootfs.Path, config) with { Cgroups = cgroups });
    }
}
