using CriEngine.Oci.Runtime;

namespace CriEngine.Oci.Tests.Runtime;

public sealed class HandlerFeaturesTests
{
    [Test]
    public void A_runtime_with_idmapped_mounts_and_rro_says_so()
    {
        var features = HandlerFeatures.Parse("""
            { "ociVersionMax": "1.2.0", "mountOptions": ["ro", "rro"],
              "linux": { "namespaces": ["mount", "user"], "mountExtensions": { "idmap": { "enabled": true } } } }
            """);

        Assert.That(features, Is.EqualTo(new HandlerFeatures(UserNamespaces: true, IdmapMounts: true, RecursiveReadOnly: true)));
    }

    [Test]
    public void Runc_1_1_has_user_namespaces_and_rro_but_no_idmapped_mounts()
    {
        var features = HandlerFeatures.Parse("""
            { "ociVersionMax": "1.0.2-dev", "mountOptions": ["rbind", "rro"], "linux": { "namespaces": ["cgroup", "user", "uts"] } }
            """);

        Assert.That(features, Is.EqualTo(new HandlerFeatures(UserNamespaces: true, IdmapMounts: false, RecursiveReadOnly: true)));
    }

    [Test]
    public void Unreadable_features_support_nothing_and_say_why()
    {
        var features = HandlerFeatures.Parse("unknown command features");

        Assert.That((features.UserNamespaces, features.IdmapMounts, features.RecursiveReadOnly), Is.EqualTo((false, false, false)));
        Assert.That(features.Unknown, Does.Contain("unreadable"));
    }

    [Test]
    public async Task A_runtime_without_a_features_command_supports_nothing()
    {
        var features = await HandlerFeaturesProbe.ProbeAsync("/bin/false");

        Assert.That(features.UserNamespaces, Is.False);
        Assert.That(features.Unknown, Does.Contain("false has no features command"));
    }

    [Test]
    public async Task Runc_here_is_probed_for_what_it_has()
    {
        var runc = new[] { "/usr/sbin/runc", "/usr/bin/runc" }.FirstOrDefault(File.Exists);
        if (runc is null)
            Assert.Ignore("runc is not installed");

        var features = await HandlerFeaturesProbe.ProbeAsync(runc);

        Assert.That(features.UserNamespaces, Is.True, features.Unknown);
        Assert.That(features.RecursiveReadOnly, Is.True);
        Assert.That(await HandlerFeaturesProbe.ProbeAsync(runc), Is.SameAs(features), "probed once per binary");
    }
}
