using CriEngine.TestSupport.Systemd;

namespace CriEngine.Cgroups.Tests.Systemd.Integration;

/// <summary>One real systemd (in its own namespaces) for the systemd manager's integration tests.</summary>
[SetUpFixture]
public sealed class SystemdForCgroups
{
    private static SystemdInNamespaces? _instance;

    public static SystemdInNamespaces Instance =>
        _instance ?? throw new InvalidOperationException("the systemd fixture did not start (see the one-time setup's failure)");

    /// <summary>systemd's cgroup hierarchies as this (host) process sees them: each one's root is systemd's "/".</summary>
    public static CgroupLayout Layout()
    {
        if (Instance.IsUnified)
            return CgroupLayout.Unified(Instance.CgroupRoot(""));
        var v1 = Instance.Hierarchies.Where(h => h.Type == "cgroup")
            .Select(h => new CgroupHierarchy(Instance.CgroupRoot(h.Name), h.Options.Split(',').Where(o => o != "none").ToList()))
            .ToList();
        var unified = Instance.Hierarchies.FirstOrDefault(h => h.Type == "cgroup2");
        return CgroupLayout.V1(v1, unified is null ? null : Instance.CgroupRoot(unified.Name));
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("needs root: runs systemd in its own namespaces");
        _instance = await SystemdInNamespaces.StartAsync("criengine-cgroups-tests");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_instance is not null)
            await _instance.DisposeAsync();
        _instance = null;
    }
}
