using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Cdi;
using CriEngine.Oci.Spec;
using CriEngine.Oci.Tests.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Cdi;

public sealed class CdiDeviceSpecTests
{
    private TempDirectory _directory = null!;
    private string _first = null!;
    private string _second = null!;
    private RecordingLogger _log = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory("cdi");
        _first = _directory.Combine("first");
        _second = _directory.Combine("second");
        Directory.CreateDirectory(_first);
        Directory.CreateDirectory(_second);
        Directory.CreateDirectory(_directory.Combine("rootfs"));
        _log = new RecordingLogger();
    }

    [TearDown]
    public void TearDown() => _directory.Dispose();

    [Test]
    public void A_later_directory_replaces_a_device_and_one_defined_twice_in_a_directory_is_not_offered()
    {
        Spec(_first, "a.json", "example.com/gpu", """{"name": "0", "containerEdits": {"env": ["FROM=first"]}}, {"name": "1", "containerEdits": {"env": ["FROM=first"]}}""");
        Spec(_second, "a.json", "example.com/gpu", """{"name": "0", "containerEdits": {"env": ["FROM=second"]}}""");
        Spec(_second, "b.json", "example.com/nic", """{"name": "x", "containerEdits": {}}""");
        Spec(_second, "c.json", "example.com/nic", """{"name": "x", "containerEdits": {}}""");

        var devices = Load();

        Assert.That(devices.Names, Is.EquivalentTo(new[] { "example.com/gpu=0", "example.com/gpu=1" }));
        Assert.That(devices.Resolve(["example.com/gpu=0"], "c").Single().Env, Is.EqualTo(new[] { "FROM=second" }));
        Assert.That(_log.Lines, Has.One.Contains("device example.com/nic=x is defined in both"));
    }

    [TestCase("b.yaml", "cdiVersion: 0.6.0\nkind: gpu\ndevices: [{name: \"0\", containerEdits: {}}]\n", "kind \"gpu\" is not of the form vendor.com/class")]
    [TestCase("b.yaml", "cdiVersion: 0.6.0\nkind: [unclosed\n", "")]
    [TestCase("b.json", """{"cdiVersion": "1.1.0", "kind": "example.com/gpu", "devices": [{"name": "0", "containerEdits": {}}]}""", "cdiVersion 1.1.0 is newer than 1.0.0")]
    [TestCase("b.json", """{"cdiVersion": "0.6.0", "kind": "gpu", "devices": [{"name": "0", "containerEdits": {}}]}""", "kind \"gpu\" is not of the form vendor.com/class")]
    [TestCase("b.json", """{"cdiVersion": "0.6.0", "kind": "example.com/gpu", "devices": []}""", "no devices")]
    [TestCase("b.json", """{"cdiVersion": "0.6.0", "kind": "example.com/gpu", "devices": [{"name": "0", "containerEdits": {"hooks": [{"hookName": "later", "path": "/bin/true"}]}}]}""", "device 0: hook /bin/true at stage \"later\"")]
    [TestCase("b.json", """{"cdiVersion": """, "")]
    public void An_invalid_spec_is_logged_and_skipped(string name, string text, string reason)
    {
        Spec(_first, "a.json", "example.com/ok", """{"name": "0", "containerEdits": {}}""");
        File.WriteAllText(Path.Combine(_first, name), text);

        Assert.That(Load().Names, Is.EqualTo(new[] { "example.com/ok=0" }));
        Assert.That(_log.Lines, Has.One.Contains($"cdi: {Path.Combine(_first, name)} skipped: {reason}"));
    }

    [Test]
    public void An_unknown_or_malformed_device_is_refused_by_name()
    {
        Spec(_first, "a.json", "example.com/gpu", """{"name": "0", "containerEdits": {}}""");
        var devices = Load();

        var unknown = Assert.Throws<RpcException>(() => devices.Resolve(["example.com/gpu=0", "example.com/gpu=9"], "container c"));
        var malformed = Assert.Throws<RpcException>(() => devices.Resolve(["gpu0"], "container c"));

        Assert.That((unknown!.Code, unknown.Message), Is.EqualTo((StatusCode.InvalidArgument, "container c: unresolvable CDI devices example.com/gpu=9")));
        Assert.That(malformed!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(malformed.Message, Does.Contain("gpu0"));
    }

    [Test]
    public async Task The_spec_edits_then_the_device_edits_go_into_the_container_spec()
    {
        File.WriteAllText(Path.Combine(_first, "a.json"), """
            {"cdiVersion": "0.6.0", "kind": "example.com/gpu",
             "containerEdits": {"env": ["SHARED=spec", "HOME=/gpu"], "additionalGids": [0, 44],
                                "hooks": [{"hookName": "createContainer", "path": "/usr/bin/gpu-hook", "args": ["gpu-hook", "x"]}]},
             "devices": [{"name": "0", "containerEdits": {
                "env": ["SHARED=device"],
                "deviceNodes": [{"path": "/dev/gpu0", "hostPath": "/dev/null", "permissions": "rw"}, {"path": "/dev/gpu-ctl", "type": "c", "major": 195, "minor": 255}],
                "mounts": [{"hostPath": "/usr/lib/gpu", "containerPath": "/usr/lib/gpu", "options": ["ro", "bind"]}]}}]}
            """);
        var config = SpecInputs.Container();
        config.CDIDevices.Add(new CDIDevice { Name = "example.com/gpu=0" });
        config.Annotations["cdi.k8s.io/gpu"] = "example.com/gpu=0";
        var input = SpecInputs.ForContainer(_directory.Combine("rootfs"), config) with { CdiDevices = Load() };

        var spec = (await ContainerSpecBuilder.BuildAsync(input)).Spec;

        Assert.That(spec.Process!.Env!.Where(variable => variable.StartsWith("SHARED=", StringComparison.Ordinal) || variable.StartsWith("HOME=", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "HOME=/gpu", "SHARED=device" }));
        // Root's own group 0 is there already; the spec's 0 is not added again.
        Assert.That(spec.Process.User.AdditionalGids, Is.EqualTo(new[] { 0u, 44u }));
        Assert.That(spec.Linux!.Devices!.Select(device => (device.Path, device.Type, device.Major, device.Minor)),
            Is.EqualTo(new[] { ("/dev/gpu0", "c", 1L, 3L), ("/dev/gpu-ctl", "c", 195L, 255L) }));
        Assert.That(spec.Linux.Resources!.Devices!.Skip(1), Is.EqualTo(new[]
        {
            new OciDeviceRule { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rw" },
            new OciDeviceRule { Allow = true, Type = "c", Major = 195, Minor = 255, Access = "rwm" },
        }));
        Assert.That(spec.Mounts!.Single(mount => mount.Destination == "/usr/lib/gpu").Source, Is.EqualTo("/usr/lib/gpu"));
        Assert.That(spec.Hooks!.CreateContainer!.Single().Args, Is.EqualTo(new[] { "gpu-hook", "x" }));
    }

    [Test]
    public async Task A_yaml_spec_gives_its_device_as_the_same_spec_in_json_would()
    {
        File.WriteAllText(Path.Combine(_first, "gpu.yaml"), """
            cdiVersion: 0.6.0
            kind: example.com/gpu
            containerEdits:
              env: &shared ["SHARED=spec"]
            devices:
              - name: "0"
                containerEdits:
                  env:
                    - GPU=0
                    - 'QUOTED=yes: really'
                  deviceNodes:
                    - path: /dev/gpu0
                      hostPath: /dev/null
                      fileMode: 0640
                      uid: 1000
              - name: all
                containerEdits: {env: *shared}
            """);
        var config = SpecInputs.Container();
        config.CDIDevices.Add(new CDIDevice { Name = "example.com/gpu=0" });
        var input = SpecInputs.ForContainer(_directory.Combine("rootfs"), config) with { CdiDevices = Load() };

        var spec = (await ContainerSpecBuilder.BuildAsync(input)).Spec;

        Assert.That(Load().Names, Is.EquivalentTo(new[] { "example.com/gpu=0", "example.com/gpu=all" }));
        Assert.That(spec.Process!.Env, Is.SupersetOf(new[] { "SHARED=spec", "GPU=0", "QUOTED=yes: really" }));
        var node = spec.Linux!.Devices!.Single(device => device.Path == "/dev/gpu0");
        Assert.That((node.Type, node.Major, node.Minor, node.FileMode, node.Uid), Is.EqualTo(("c", 1L, 3L, (uint?)Convert.ToUInt32("640", 8), (uint?)1000u)));
    }

    private CdiDevices Load() => new CdiCatalog(_log).Load([_first, _second]);

    private static void Spec(string directory, string name, string kind, string devices) =>
        File.WriteAllText(Path.Combine(directory, name), $$"""{"cdiVersion": "0.6.0", "kind": "{{kind}}", "devices": [{{devices}}]}""");
}
