using CriEngine.Api;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>What crio.conf keys about every container change in a container, on the real daemon with runc.</summary>
[Category("Integration")]
public sealed class ConfigKeyEffectTests
{
    [Test]
    public async Task Read_only_gives_every_container_a_read_only_root_with_writable_run_tmp_and_var_tmp()
    {
        await using var bed = await PodTestBed.StartAsync(extraConfig: "[crio.runtime]\nread_only = true\n");
        var (pod, config) = await bed.RunPodWithBusyboxAsync("read-only");
        var container = await bed.RunContainerAsync(pod, config, bed.ContainerConfig("app", "sleep", "3600"));

        var root = await bed.ExecAsync(container, "sh", "-c", "touch /x");
        var scratch = await bed.ExecAsync(container, "sh", "-c", "touch /run/x /tmp/x /var/tmp/x && echo written");

        Assert.That(root.ExitCode, Is.Not.Zero);
        Assert.That(root.Stderr.ToStringUtf8(), Does.Contain("Read-only file system"));
        Assert.That(scratch.Stdout.ToStringUtf8(), Is.EqualTo("written\n"), scratch.Stderr.ToStringUtf8());
    }

    [Test]
    public async Task Default_env_is_in_every_container_unless_its_request_sets_the_name()
    {
        await using var bed = await PodTestBed.StartAsync(extraConfig: "[crio.runtime]\ndefault_env = [\"NODE_ZONE=a\", \"SHARED=default\"]\n");
        var (pod, config) = await bed.RunPodWithBusyboxAsync("default-env");
        var request = bed.ContainerConfig("app", "sleep", "3600");
        request.Envs.Add(new KeyValue { Key = "SHARED", Value = "own" });
        var container = await bed.RunContainerAsync(pod, config, request);

        var env = await bed.ExecAsync(container, "sh", "-c", "echo $NODE_ZONE $SHARED");

        Assert.That(env.Stdout.ToStringUtf8(), Is.EqualTo("a own\n"), env.Stderr.ToStringUtf8());
    }

    [Test]
    public async Task Privileged_seccomp_profile_confines_privileged_containers()
    {
        using var profiles = new TempDirectory("criengine-seccomp");
        var profile = profiles.Write("privileged.json", """{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 }] }""");
        await using var bed = await PodTestBed.StartAsync(extraConfig: $"[crio.runtime]\nprivileged_seccomp_profile = \"{profile}\"\n");
        await bed.PullBusyboxAsync();
        var config = bed.PodConfig("privileged");
        config.Linux.SecurityContext = new LinuxSandboxSecurityContext { Privileged = true };
        var pod = await bed.RunPodAsync(config);
        var request = bed.ContainerConfig("app", "sleep", "3600");
        request.Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { Privileged = true } };
        var container = await bed.RunContainerAsync(pod, config, request);

        var mkdir = await bed.ExecAsync(container, "sh", "-c", "mkdir /x");

        Assert.That(mkdir.ExitCode, Is.Not.Zero);
        Assert.That(mkdir.Stderr.ToStringUtf8(), Does.Contain("Permission denied"));
    }
}
