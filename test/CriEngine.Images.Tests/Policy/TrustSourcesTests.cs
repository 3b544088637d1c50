using CriEngine.Images.Policy;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Policy;

public sealed class TrustSourcesTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory("criengine-trust");

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void A_pod_namespace_with_its_own_file_uses_it_and_any_other_the_configured_policy()
    {
        var namespaced = _directory.Write("policies/team-a.json", "{}");

        var teamA = TrustSources.Choose("/etc/custom.json", _directory.Combine("policies"), "team-a", null);
        var teamB = TrustSources.Choose("/etc/custom.json", _directory.Combine("policies"), "team-b", null);
        var noPod = TrustSources.Choose("/etc/custom.json", _directory.Combine("policies"), null, null);

        Assert.That((teamA.PolicyPath, teamB.PolicyPath, noPod.PolicyPath), Is.EqualTo((namespaced, "/etc/custom.json", "/etc/custom.json")));
    }

    [Test]
    public void Without_a_configured_policy_the_home_directory_then_the_system_decide_as_in_containers_image()
    {
        var home = _directory.Combine("home");
        var emptyHome = _directory.Combine("empty-home");
        var userPolicy = _directory.Write("home/.config/containers/policy.json", "{}");
        Directory.CreateDirectory(Path.Combine(home, ".config", "containers", "registries.d"));

        var fromHome = TrustSources.Choose("", "/etc/crio/policies", null, home);
        var fromSystem = TrustSources.Choose("", "/etc/crio/policies", null, emptyHome);

        Assert.That(fromHome, Is.EqualTo(new TrustSources(userPolicy, Path.Combine(home, ".config", "containers", "registries.d"))));
        Assert.That(fromSystem, Is.EqualTo(new TrustSources("/etc/containers/policy.json", "/etc/containers/registries.d")));
    }
}
