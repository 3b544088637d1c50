using System.Text.Json;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>
/// CRI-O's experimental annotations, workloads, default_annotations, infra_ctr_cpuset and
/// link-logs on the real daemon with runc: what a pod or container asks for through annotations
/// is honoured when its handler allows it, ignored when not, and refused when the engine cannot.
/// </summary>
[Category("Integration")]
public sealed class AnnotationTests
{
    private const string Workload = "target.workload.openshift.io/management";
    private const string WorkloadPrefix = "resources.workload.openshift.io";

    private PodTestBed _bed = null!;
    private string _kubeletRoot = null!;

    [SetUp]
    public async Task SetUp()
    {
        var kubeletRoot = Path.Combine(Path.GetTempPath(), $"criengine-kubelet-{Guid.NewGuid():N}");
        Directory.CreateDirectory(kubeletRoot);
        _kubeletRoot = kubeletRoot;
        _bed = await PodTestBed.StartAsync(extraConfig: """
            [crio.runtime]
            infra_ctr_cpuset = "1"

            [crio.runtime.runtimes.runc]
            allowed_annotations = ["io.kubernetes.cri-o.umask", "io.kubernetes.cri-o.ShmSize", "io.kubernetes.cri-o.LinkLogs", "cpu-load-balancing.crio.io"]
            default_annotations = { "example.com/default" = "from-config" }

            [crio.runtime.workloads.management]
            activation_annotation = "target.workload.openshift.io/management"
            annotation_prefix = "resources.workload.openshift.io"

            [crio.runtime.workloads.management.resources]
            cpushares = 512
            cpuset = "0"
            """, extraArguments: ["--kubelet-root-dir", kubeletRoot]);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        Directory.Delete(_kubeletRoot, recursive: true);
    }

    [Test]
    public async Task Allowed_annotations_are_honoured_and_default_annotations_reach_the_specs()
    {
        var podConfig = _bed.PodConfig("allowed");
        podConfig.Annotations["io.kubernetes.cri-o.umask"] = "0077";
        podConfig.Annotations["io.kubernetes.cri-o.ShmSize"] = "16Mi";
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();

        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("app", "sh", "-c", "umask > /tmp/umask; sleep 3600"));

        Assert.That(await ContainerUmaskAsync(id), Is.EqualTo("0077"));
        var shm = (await _bed.ExecAsync(id, "sh", "-c", "df -k /dev/shm")).Stdout.ToStringUtf8();
        Assert.That(shm.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Is.EqualTo("16384"), shm);
        Assert.That(SpecAnnotations(pod)["example.com/default"], Is.EqualTo("from-config"));
        Assert.That(SpecAnnotations(id)["example.com/default"], Is.EqualTo("from-config"));
        Assert.That((await _bed.PodStatusAsync(pod)).Annotations["example.com/default"], Is.EqualTo("from-config"));
    }

    [Test]
    public async Task A_pods_own_annotation_overrides_a_default_one()
    {
        var podConfig = _bed.PodConfig("override");
        podConfig.Annotations["example.com/default"] = "from-pod";

        var pod = await _bed.RunPodAsync(podConfig);

        Assert.That(SpecAnnotations(pod)["example.com/default"], Is.EqualTo("from-pod"));
    }

    [Test]
    public async Task Annotations_the_handler_does_not_allow_are_ignored()
    {
        var podConfig = _bed.PodConfig("disallowed");
        podConfig.Annotations["umask.crio.io"] = "0077";
        podConfig.Annotations["io.kubernetes.cri-o.Devices"] = "/dev/fuse";
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();

        var id = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("app", "sh", "-c", "umask > /tmp/umask; sleep 3600"));

        Assert.That(await ContainerUmaskAsync(id), Is.EqualTo("0022"));
        Assert.That((await _bed.ExecAsync(id, "ls", "/dev/fuse")).ExitCode, Is.Not.Zero);
        Assert.That(SpecAnnotations(pod).Keys, Has.None.EqualTo("umask.crio.io").And.None.EqualTo("io.kubernetes.cri-o.Devices"));
    }

    [Test]
    public void An_allowed_annotation_the_engine_cannot_honour_refuses_the_pod_by_name()
    {
        var podConfig = _bed.PodConfig("refused");
        podConfig.Annotations["cpu-load-balancing.crio.io"] = "disable";

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunPodAsync(podConfig));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error.Message, Does.Contain("cpu-load-balancing.crio.io"));
    }

    [Test]
    public async Task A_workloads_resources_and_a_containers_override_reach_its_cgroup()
    {
        var podConfig = _bed.PodConfig("workload");
        podConfig.Annotations[Workload] = """{"effect": "PreferredDuringScheduling"}""";
        podConfig.Annotations[WorkloadPrefix + "/tuned"] = """{"cpushares": 256, "cpulimit": 500}""";
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();

        var plain = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("plain", "sleep", "3600"));
        var tuned = await _bed.RunContainerAsync(pod, podConfig, _bed.ContainerConfig("tuned", "sleep", "3600"));

        Assert.That(Cgroup("cpu", plain, "cpu.shares"), Is.EqualTo("512"));
        Assert.That(Cgroup("cpuset", plain, "cpuset.cpus"), Is.EqualTo("0"));
        Assert.That(Cgroup("cpu", tuned, "cpu.shares"), Is.EqualTo("256"));
        Assert.That(Cgroup("cpu", tuned, "cpu.cfs_quota_us"), Is.EqualTo("50000"));
        Assert.That(Cgroup("cpuset", tuned, "cpuset.cpus"), Is.EqualTo("0"));
    }

    [Test]
    public async Task Infra_ctr_cpuset_is_the_infra_containers_cpus()
    {
        var pod = await _bed.RunPodAsync(_bed.PodConfig("infra"));

        Assert.That(Cgroup("cpuset", pod, "cpuset.cpus"), Is.EqualTo("1"));
    }

    [Test]
    public async Task Link_logs_show_the_pods_logs_inside_its_container_until_the_pod_stops()
    {
        var podConfig = _bed.PodConfig("linked");
        podConfig.Annotations["io.kubernetes.cri-o.LinkLogs"] = "logs";
        var emptyDir = Path.Combine(_kubeletRoot, "pods", podConfig.Metadata.Uid, "volumes", "kubernetes.io~empty-dir", "logs");
        Directory.CreateDirectory(emptyDir);
        var pod = await _bed.RunPodAsync(podConfig);
        await _bed.PullBusyboxAsync();
        var config = _bed.ContainerConfig("app", "sh", "-c", "echo linked-hello; sleep 3600");
        config.Mounts.Add(new Mount { HostPath = emptyDir, ContainerPath = "/var/log/linked" });

        var id = await _bed.RunContainerAsync(pod, podConfig, config);

        var seen = "";
        await Eventually.TrueAsync(async () =>
        {
            seen = (await _bed.ExecAsync(id, "cat", "/var/log/linked/app.log")).Stdout.ToStringUtf8();
            return seen.Contains("linked-hello", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));
        Assert.That(seen, Does.Contain("stdout F linked-hello"));
        Assert.That((await _bed.ExecAsync(id, "ls", "-l", $"/var/log/linked/{id}.log")).Stdout.ToStringUtf8().Trim(), Does.EndWith($"/var/log/linked/{id}.log -> app.log"));
        Assert.That((await _bed.ExecAsync(id, "sh", "-c", "touch /var/log/linked/x")).ExitCode, Is.Not.Zero, "the logs are read-only");

        await _bed.Client.UnaryAsync(PodTestBed.Runtime + "StopPodSandbox", new StopPodSandboxRequest { PodSandboxId = pod }, StopPodSandboxResponse.Parser, TimeSpan.FromMinutes(1));

        Assert.That(Directory.EnumerateFileSystemEntries(emptyDir), Is.Empty);
    }

    [Test]
    public async Task A_reload_logs_crio_lines_and_keeps_the_flags_given_at_start_and_drop_infra_ctr_says_the_infra_container_stays()
    {
        await _bed.DisposeAsync();
        _bed = await PodTestBed.StartAsync(extraConfig: "[crio.runtime]\ndrop_infra_ctr = true\n", extraArguments: ["--log-level", "info"]);
        Assert.That(await _bed.Daemon.WaitForOutputAsync("crio.runtime.drop_infra_ctr = true: not acted on by CriEngine: every pod keeps its infra container", TimeSpan.FromSeconds(10)), Is.True);
        await File.WriteAllTextAsync(_bed.Layout.DropIn("30-reload.conf"), """
            [crio.runtime]
            log_level = "debug"

            [crio.image]
            pause_command = "/bin/sleep"
            """);

        await _bed.Daemon.ReloadAsync();

        Assert.That(await _bed.Daemon.WaitForOutputAsync("Reloading configuration", TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await _bed.Daemon.WaitForOutputAsync("Set config pause_command to \"/bin/sleep\"", TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await _bed.Daemon.WaitForOutputAsync("Applied new registry configuration:", TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(await _bed.Daemon.WaitForOutputAsync("Set config seccomp_profile to \"\"", TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(_bed.Daemon.Output, Has.None.Contains("Set config log_level"));
    }

    /// <summary>The umask the container's own process started with, as it wrote it to /tmp/umask.</summary>
    private async Task<string> ContainerUmaskAsync(string id)
    {
        var umask = "";
        await Eventually.TrueAsync(async () =>
        {
            umask = (await _bed.ExecAsync(id, "cat", "/tmp/umask")).Stdout.ToStringUtf8().Trim();
            return umask.Length > 0;
        }, TimeSpan.FromSeconds(20));
        return umask;
    }

    private Dictionary<string, string> SpecAnnotations(string id)
    {
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(_bed.Bundle(id), "config.json")));
        return spec.RootElement.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    private string Cgroup(string controller, string id, string file) =>
        File.ReadAllText(Path.Combine("/sys/fs/cgroup/" + controller + _bed.CgroupParent, "crio-" + id, file)).Trim();
}
