namespace CriEngine.Cgroups.Tests;

public class CpuUsageSamplerTests
{
    private static CgroupStats Reading(ulong usage, long timestamp) => new(timestamp, usage, null, null);

    [Test]
    public void Half_a_core_busy_for_a_second_is_half_a_billion_nanocores()
    {
        Assert.That(CpuUsageSampler.NanoCores(1_000_000_000, 10_000_000_000, 1_500_000_000, 11_000_000_000), Is.EqualTo(500_000_000UL));
    }

    [Test]
    public void Two_cores_busy_for_ten_seconds_is_two_billion_nanocores()
    {
        Assert.That(CpuUsageSampler.NanoCores(0, 0, 20_000_000_000, 10_000_000_000), Is.EqualTo(2_000_000_000UL));
    }

    [TestCase(100UL, 5L, 200UL, 5L)]
    [TestCase(900UL, 5L, 100UL, 9L)]
    public void No_rate_when_no_time_passed_or_the_usage_went_down(ulong earlierUsage, long earlierTime, ulong laterUsage, long laterTime)
    {
        Assert.That(CpuUsageSampler.NanoCores(earlierUsage, earlierTime, laterUsage, laterTime), Is.Null);
    }

    [Test]
    public void First_reading_has_no_rate_and_the_second_has_the_rate_since_the_first()
    {
        var sampler = new CpuUsageSampler();

        Assert.That(sampler.Sample("c1", Reading(1_000_000_000, 1_000_000_000)), Is.Null);
        Assert.That(sampler.Sample("c1", Reading(1_250_000_000, 2_000_000_000)), Is.EqualTo(250_000_000UL));
        Assert.That(sampler.Sample("c1", Reading(2_250_000_000, 3_000_000_000)), Is.EqualTo(1_000_000_000UL));
    }

    [Test]
    public void Readings_of_different_cgroups_do_not_mix()
    {
        var sampler = new CpuUsageSampler();
        sampler.Sample("c1", Reading(1_000_000_000, 1_000_000_000));

        Assert.That(sampler.Sample("c2", Reading(5_000_000_000, 2_000_000_000)), Is.Null);
    }

    [Test]
    public void Late_older_reading_does_not_replace_the_newer_one()
    {
        var sampler = new CpuUsageSampler();
        sampler.Sample("c1", Reading(1_000_000_000, 2_000_000_000));
        sampler.Sample("c1", Reading(900_000_000, 1_000_000_000));

        Assert.That(sampler.Sample("c1", Reading(1_500_000_000, 3_000_000_000)), Is.EqualTo(500_000_000UL));
    }

    [Test]
    public void Forgotten_cgroup_starts_over_without_a_rate()
    {
        var sampler = new CpuUsageSampler();
        sampler.Sample("c1", Reading(1_000_000_000, 1_000_000_000));

        sampler.Forget("c1");

        Assert.That(sampler.Sample("c1", Reading(2_000_000_000, 2_000_000_000)), Is.Null);
    }
}
