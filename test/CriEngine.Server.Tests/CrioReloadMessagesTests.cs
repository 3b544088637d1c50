using CriEngine.Server.Tests.Pods;

namespace CriEngine.Server.Tests;

public sealed class CrioReloadMessagesTests
{
    private const string Base = """
        [crio.runtime]
        default_runtime = "runc"

        [crio.runtime.runtimes.runc]
        runtime_path = "/usr/sbin/runc"
        """;

    [Test]
    public void A_reload_is_told_in_CRIOs_words_and_order()
    {
        var current = ConfigFiles.Load(Base);
        var next = ConfigFiles.Load(Base + """

            [crio.runtime.runtimes.crun]
            runtime_path = "/usr/bin/crun"

            [crio.image]
            pause_image = "example.com/pause:1"
            pinned_images = ["quay.io/a", "quay.io/b"]
            """);

        var lines = CrioReloadMessages.Applying(current, next with { Runtime = next.Runtime with { LogLevel = "debug", SeccompProfile = "/etc/a \"b\".json" } }, "/etc/containers/registries.conf");

        Assert.That(lines, Is.EqualTo(new[]
        {
            "Set config log_level to \"debug\"",
            "Set config pause_image to \"example.com/pause:1\"",
            "Set config pinned_images to \"quay.io/a,quay.io/b\"",
            "Applied new registry configuration: /etc/containers/registries.conf",
            "Set config seccomp_profile to \"/etc/a \\\"b\\\".json\"",
            "Set config privileged_seccomp_profile to \"\"",
            "Updating runtime configuration",
        }));
    }

    [Test]
    public void An_unchanged_reload_still_says_what_CRIO_sets_every_time()
    {
        var config = ConfigFiles.Load(Base);

        Assert.That(CrioReloadMessages.Applying(config, config, "/etc/containers/registries.conf"), Is.EqualTo(new[]
        {
            "Set config pinned_images to \"[]\"",
            "Applied new registry configuration: /etc/containers/registries.conf",
            "Set config seccomp_profile to \"\"",
            "Set config privileged_seccomp_profile to \"\"",
        }));
    }
}
