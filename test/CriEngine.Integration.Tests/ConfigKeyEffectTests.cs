using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using CriEngine.Api;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Integration.Tests;

/// <summary>What crio.conf keys change for a user, on the real daemon with runc.</summary>
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

    [Test]
    public async Task Tls_min_version_13_refuses_a_TLS_12_client_of_the_metrics_server()
    {
        var port = LoopbackPort.Pick();
        using var directory = new TempDirectory("criengine-tls-daemon");
        await File.WriteAllTextAsync(DaemonProcess.Layout(directory).DropIn("20-metrics.conf"), $"""
            [crio.api]
            tls_min_version = "VersionTLS13"
            [crio.metrics]
            enable_metrics = true
            metrics_port = {port}
            metrics_cert = "{directory.Combine("metrics.crt")}"
            metrics_key = "{directory.Combine("metrics.key")}"
            """);
        await using var daemon = await DaemonProcess.StartAsync(directory);

        var tls12 = await HandshakeAsync(port, SslProtocols.Tls12);
        var tls13 = await HandshakeAsync(port, SslProtocols.Tls13);

        Assert.That(tls12, Is.Null);
        Assert.That(tls13, Is.EqualTo(SslProtocols.Tls13));
    }

    /// <summary>The protocol agreed with the server offering only <paramref name="protocols"/>, or null when the handshake fails.</summary>
    private static async Task<SslProtocols?> HandshakeAsync(int port, SslProtocols protocols)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", EnabledSslProtocols = protocols });
            return tls.SslProtocol;
        }
        catch (AuthenticationException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
