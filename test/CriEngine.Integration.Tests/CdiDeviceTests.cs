using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Pods;

namespace CriEngine.Integration.Tests;

/// <summary>crio.runtime.cdi_spec_dirs on the real daemon with runc: CDI devices asked for by the CRI field and by annotation edit the container.</summary>
[Category("Integration")]
public sealed class CdiDeviceTests
{
    private PodTestBed _bed = null!;
    private string _hostFile = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = await PodTestBed.StartAsync();
        var system = _bed.Directory.Combine("cdi-system");
        var runtime = _bed.Directory.Combine("cdi-run");
        Directory.CreateDirectory(system);
        Directory.CreateDirectory(runtime);
        _hostFile = _bed.Directory.Write("vendor-data.txt", "from-the-host\n");
        // dev0 of the earlier directory is replaced by the later one's: its env must not show.
        File.WriteAllText(Path.Combine(system, "vendor.json"), """
            {"cdiVersion": "0.6.0", "kind": "example.com/test",
             "devices": [{"name": "dev0", "containerEdits": {"env": ["CDI_DEV0=stale"]}}]}
            """);
        File.WriteAllText(Path.Combine(runtime, "vendor.json"), $$$"""
            {"cdiVersion": "1.0.0", "kind": "example.com/test",
             "containerEdits": {"env": ["CDI_COMMON=common"]},
             "devices": [
               {"name": "dev0", "containerEdits": {
                  "env": ["CDI_DEV0=dev0"],
                  "deviceNodes": [{"path": "/dev/vendor0", "hostPath": "/dev/null"}],
                  "mounts": [{"hostPath": "{{{_hostFile}}}", "containerPath": "/vendor/data.txt", "options": ["ro", "bind"]}]}},
               {"name": "dev1", "containerEdits": {"env": ["CDI_DEV1=dev1"]}}]}
            """);
        await File.WriteAllTextAsync(_bed.Layout.DropIn("20-cdi.conf"), $"""
            [crio.runtime]
            cdi_spec_dirs = ["{system}", "{runtime}"]
            """);
        await _bed.Daemon.ReloadAsync();
    }

    [TearDown]
    public async Task TearDown() => await _bed.DisposeAsync();

    [Test]
    public async Task Devices_asked_for_by_field_and_annotation_bring_their_env_mounts_and_nodes()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("cdi");
        var config = _bed.ContainerConfig("app", "sh", "-c",
            "echo \"$CDI_COMMON $CDI_DEV0 $CDI_DEV1\" > /tmp/seen; cat /vendor/data.txt >> /tmp/seen; ls -l /dev/vendor0 | cut -c1 >> /tmp/seen; " +
            "echo x > /dev/vendor0 && echo writable >> /tmp/seen; sleep 3600");
        config.CDIDevices.Add(new CDIDevice { Name = "example.com/test=dev0" });
        config.Annotations["cdi.k8s.io/vendor"] = "example.com/test=dev1";

        var id = await _bed.RunContainerAsync(pod, podConfig, config);

        var seen = "";
        await Eventually.TrueAsync(async () =>
        {
            seen = (await _bed.ExecAsync(id, "cat", "/tmp/seen")).Stdout.ToStringUtf8();
            return seen.Contains("writable", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));
        Assert.That(seen.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "common dev0 dev1", "from-the-host", "c", "writable" }));
    }

    [Test]
    public async Task A_device_of_a_yaml_spec_brings_its_env_and_node()
    {
        // CDI spec directories hold YAML specs too (vendors' generators write .yaml); added while the daemon runs.
        File.WriteAllText(_bed.Directory.Combine("cdi-run", "disk.yaml"), """
            cdiVersion: 0.6.0
            kind: example.com/yaml
            devices:
              - name: disk
                containerEdits:
                  env: [CDI_YAML=disk]
                  deviceNodes:
                    - path: /dev/yamldisk
                      hostPath: /dev/zero
            """);
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("yaml");
        var config = _bed.ContainerConfig("app", "sh", "-c", "echo \"$CDI_YAML\" > /tmp/seen; head -c 3 /dev/yamldisk | wc -c >> /tmp/seen; sleep 3600");
        config.CDIDevices.Add(new CDIDevice { Name = "example.com/yaml=disk" });

        var id = await _bed.RunContainerAsync(pod, podConfig, config);

        var seen = "";
        await Eventually.TrueAsync(async () =>
        {
            seen = (await _bed.ExecAsync(id, "cat", "/tmp/seen")).Stdout.ToStringUtf8();
            return seen.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2;
        }, TimeSpan.FromSeconds(20));
        Assert.That(seen.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Trim()), Is.EqualTo(new[] { "disk", "3" }));
    }

    [Test]
    public async Task An_unknown_device_is_refused_by_name()
    {
        var (pod, podConfig) = await _bed.RunPodWithBusyboxAsync("unknown");
        var config = _bed.ContainerConfig("app", "sleep", "3600");
        config.CDIDevices.Add(new CDIDevice { Name = "example.com/test=dev0" });
        config.Annotations["cdi.k8s.io/vendor"] = "example.com/test=nosuch";

        var error = Assert.ThrowsAsync<RpcException>(() => _bed.RunContainerAsync(pod, podConfig, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("example.com/test=nosuch"));
        Assert.That(error.Message, Does.Not.Contain("example.com/test=dev0"));
    }
}
