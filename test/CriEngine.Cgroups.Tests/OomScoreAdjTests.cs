using System.Diagnostics;

namespace CriEngine.Cgroups.Tests;

public class OomScoreAdjTests
{
    [Test]
    public void Value_below_the_daemons_own_is_raised_to_it()
    {
        Assert.That(OomScoreAdj.Restrict(-998, 0), Is.EqualTo(0));
        Assert.That(OomScoreAdj.Restrict(-998, -999), Is.EqualTo(-998));
        Assert.That(OomScoreAdj.Restrict(1000, 0), Is.EqualTo(1000));
    }

    [TestCase("000001fffeffffff", false)] // this machine's root: every capability but CAP_SYS_RESOURCE
    [TestCase("000001ffffffffff", true)]
    [TestCase("0000000001000000", true)]
    [TestCase("0000000000000000", false)]
    public void Cap_sys_resource_is_read_from_the_effective_set(string mask, bool expected)
    {
        var status = $"Name:\tcriengine\nCapInh:\t0000000000000000\nCapPrm:\t{mask}\nCapEff:\t{mask}\nCapBnd:\t{mask}\n";

        Assert.That(OomScoreAdj.HasEffective(status, 24), Is.EqualTo(expected));
    }

    [Test]
    public async Task Value_is_read_as_the_kernel_shows_it()
    {
        // A child raises its own score (allowed without privilege) so the read has a known, non-zero value.
        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo 321 > /proc/$$/oom_score_adj && exec sleep 60"]))!;
        try
        {
            var path = $"/proc/{child.Id}/oom_score_adj";
            Assert.That(await TestSupport.Eventually.TrueAsync(() => File.ReadAllText(path).Trim() == "321", TimeSpan.FromSeconds(5)), Is.True);

            Assert.That(OomScoreAdj.Read(path), Is.EqualTo(321));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }
}
