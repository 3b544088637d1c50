using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerDeviceTests
{
    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [Test]
    public async Task Device_gets_the_host_node_s_numbers_at_its_container_path_and_is_allowed_alone()
    {
        var config = SpecInputs.Container();
        config.Devices.Add(new Device { HostPath = "/dev/null", ContainerPath = "/dev/sink", Permissions = "rw" });

        var linux = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec.Linux!;

        var device = linux.Devices!.Single();
        Assert.That((device.Path, device.Type, device.Major, device.Minor), Is.EqualTo(("/dev/sink", "c", 1L, 3L)));
        Assert.That(linux.Resources!.Devices, Is.EqualTo(new[]
        {
            new OciDeviceRule { Allow = false, Access = "rwm" },
            new OciDeviceRule { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rw" },
        }));
    }

    [Test]
    public async Task Device_given_through_a_symlink_is_the_target_node()
    {
        using var host = new TempDirectory("criengine-host");
        var link = host.Combine("null-link");
        File.CreateSymbolicLink(link, "/dev/null");
        var config = SpecInputs.Container();
        config.Devices.Add(new Device { HostPath = link, ContainerPath = "/dev/null", Permissions = "rwm" });

        var device = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec.Linux!.Devices!.Single();

        Assert.That((device.Major, device.Minor), Is.EqualTo((1L, 3L)));
    }

    [Test]
    public async Task Privileged_container_may_not_ask_for_a_device_at_a_path_the_host_has_unless_it_is_the_same()
    {
        var pod = SpecInputs.Pod();
        pod.Linux.SecurityContext.Privileged = true;
        var duplicate = SpecInputs.Container();
        duplicate.Linux.SecurityContext.Privileged = true;
        duplicate.Devices.Add(new Device { HostPath = "/dev/zero", ContainerPath = "/dev/null", Permissions = "rwm" });
        var same = SpecInputs.Container();
        same.Linux.SecurityContext.Privileged = true;
        same.Devices.Add(new Device { HostPath = "/dev/null", ContainerPath = "/dev/null", Permissions = "rwm" });

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, duplicate, pod));
        var devices = (await SpecInputs.BuildAsync(_rootfs.Path, same, pod)).Spec.Linux!.Devices!;

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("device /dev/zero at /dev/null: a privileged container was configured with a device container path that already exists on the host"));
        Assert.That(devices.Count(device => device.Path == "/dev/null"), Is.EqualTo(1));
    }

    [Test]
    public void Missing_device_is_refused_naming_it()
    {
        var config = SpecInputs.Container();
        config.Devices.Add(new Device { HostPath = "/dev/criengine-no-such-device", ContainerPath = "/dev/x", Permissions = "rw" });

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("/dev/criengine-no-such-device"));
    }

    [Test]
    public void Regular_file_as_a_device_is_refused()
    {
        var file = _rootfs.Write("not-a-device", "x");
        var config = SpecInputs.Container();
        config.Devices.Add(new Device { HostPath = file, ContainerPath = "/dev/x", Permissions = "rw" });

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config));

        Assert.That(error!.Message, Does.Contain("not a device"));
    }

    [Test]
    public void Permissions_other_than_rwm_are_refused()
    {
        var config = SpecInputs.Container();
        config.Devices.Add(new Device { HostPath = "/dev/null", ContainerPath = "/dev/null", Permissions = "rwx" });

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }
}
