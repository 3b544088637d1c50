using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Runtime;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerMountTests
{
    private TempDirectory _rootfs = null!;
    private TempDirectory _host = null!;

    [SetUp]
    public void SetUp()
    {
        _rootfs = new TempDirectory("criengine-spec");
        _host = new TempDirectory("criengine-host");
    }

    [TearDown]
    public void TearDown()
    {
        _rootfs.Dispose();
        _host.Dispose();
    }

    [Test]
    public async Task Default_mounts_have_CRI_O_s_options()
    {
        var mounts = (await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container())).Spec.Mounts!;

        Assert.That(Describe(mounts), Is.EqualTo(new[]
        {
            "/proc proc proc nosuid,noexec,nodev",
            "/dev tmpfs tmpfs nosuid,strictatime,mode=755,size=65536k",
            "/dev/pts devpts devpts nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5",
            "/dev/mqueue mqueue mqueue nosuid,noexec,nodev",
            "/sys sysfs sysfs nosuid,noexec,nodev,ro",
            "/sys/fs/cgroup cgroup cgroup nosuid,noexec,nodev,relatime,ro",
            "/dev/shm bind /run/pod/shm rw,bind",
            "/etc/resolv.conf bind /run/pod/resolv.conf rw,bind,nodev,nosuid,noexec",
            "/etc/hostname bind /run/pod/hostname rw,bind",
            "/etc/hosts bind /run/pod/hosts rw,bind",
            "/run/.containerenv bind /run/pod/.containerenv ro,bind,nodev,nosuid,noexec",
        }));
    }

    [Test]
    public async Task Read_only_rootfs_makes_the_root_and_the_pod_files_read_only()
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext.ReadonlyRootfs = true;

        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec;

        Assert.That(spec.Root!.Readonly, Is.True);
        foreach (var destination in new[] { "/etc/resolv.conf", "/etc/hostname", "/etc/hosts" })
            Assert.That(spec.Mounts!.Single(mount => mount.Destination == destination).Options![0], Is.EqualTo("ro"), destination);
        Assert.That(spec.Mounts!.Single(mount => mount.Destination == "/dev/shm").Options, Does.Contain("rw"));
    }

    [Test]
    public async Task Read_only_config_makes_every_root_read_only_with_tmpfs_on_run_tmp_and_var_tmp_where_the_request_mounts_nothing()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/tmp", HostPath = _host.Path });
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { Security = new SecuritySettings { ReadOnly = true } };

        var spec = (await ContainerSpecBuilder.BuildAsync(input)).Spec;

        Assert.That(spec.Root!.Readonly, Is.True);
        Assert.That(spec.Mounts!.Where(mount => mount.Type == "tmpfs" && mount.Destination != "/dev").Select(mount => $"{mount.Destination} {string.Join(',', mount.Options!)}"), Is.EqualTo(new[]
        {
            "/run rw,noexec,nosuid,nodev,tmpcopyup,mode=0755", "/var/tmp rw,noexec,nosuid,nodev,tmpcopyup,mode=1777",
        }));
        Assert.That(spec.Mounts!.Single(mount => mount.Destination == "/tmp").Type, Is.EqualTo("bind"));
    }

    [Test]
    public async Task Writable_rootfs_is_not_marked_read_only()
    {
        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container())).Spec;

        Assert.That(spec.Root, Is.EqualTo(new OciRoot { Path = _rootfs.Path }));
    }

    [TestCase(false, MountPropagation.PropagationPrivate, "rbind,rprivate,rw", null)]
    [TestCase(true, MountPropagation.PropagationPrivate, "rbind,rprivate,ro", null)]
    [TestCase(false, MountPropagation.PropagationHostToContainer, "rbind,rslave,rw", "rslave")]
    [TestCase(true, MountPropagation.PropagationBidirectional, "rbind,rshared,ro", "rshared")]
    public async Task Host_path_mount_is_an_rbind_with_its_access_and_propagation(
        bool readOnly, MountPropagation propagation, string options, string? rootfsPropagation)
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = _host.Path, Readonly = readOnly, Propagation = propagation });

        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec;

        var mount = spec.Mounts!.Single(candidate => candidate.Destination == "/data");
        Assert.That((mount.Type, mount.Source, string.Join(',', mount.Options!)), Is.EqualTo(("bind", _host.Path, options)));
        Assert.That(spec.Linux!.RootfsPropagation, Is.EqualTo(rootfsPropagation));
    }

    [Test]
    public async Task Bidirectional_mount_makes_the_rootfs_shared_even_after_a_host_to_container_one()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/a", HostPath = _host.Path, Propagation = MountPropagation.PropagationBidirectional });
        config.Mounts.Add(new Mount { ContainerPath = "/b", HostPath = _host.Path, Propagation = MountPropagation.PropagationHostToContainer });

        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec;

        Assert.That(spec.Linux!.RootfsPropagation, Is.EqualTo("rshared"));
    }

    [Test]
    public async Task Missing_host_path_is_made_as_a_directory_and_mounted()
    {
        var missing = Path.Combine(_host.Path, "made", "here");
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = missing });

        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec;

        Assert.That(Directory.Exists(missing), Is.True);
        Assert.That(File.GetUnixFileMode(missing) & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite), Is.EqualTo(File.GetUnixFileMode(missing)), "no more than 0755");
        Assert.That(spec.Mounts!.Single(m => m.Destination == "/data").Source, Is.EqualTo(missing));
    }

    [Test]
    public void Missing_host_path_listed_in_absent_mount_sources_to_reject_is_refused_naming_it()
    {
        var missing = Path.Combine(_host.Path, "nope");
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = missing + "/" });
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { AbsentMountSourcesToReject = [missing] };

        var error = Assert.ThrowsAsync<RpcException>(() => ContainerSpecBuilder.BuildAsync(input));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(missing).And.Contain("container app").And.Contain("absent_mount_sources_to_reject"));
        Assert.That(Directory.Exists(missing), Is.False);
    }

    [Test]
    public async Task Symlinked_host_path_is_mounted_from_its_target()
    {
        var target = Directory.CreateDirectory(_host.Combine("real", "data")).FullName;
        var link = _host.Combine("link");
        Directory.CreateSymbolicLink(link, "real/data");
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = link });

        var result = await SpecInputs.BuildAsync(_rootfs.Path, config);

        Assert.That(result.Spec.Mounts!.Single(mount => mount.Destination == "/data").Source, Is.EqualTo(target));
        Assert.That(result.Mounts.Single().HostPath, Is.EqualTo(target));
    }

    [Test]
    public async Task Request_mount_replaces_the_engine_s_mount_at_the_same_place()
    {
        var hosts = _host.Write("hosts", "127.0.0.1 localhost\n");
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/etc/hosts", HostPath = hosts });
        config.Mounts.Add(new Mount { ContainerPath = "/sys", HostPath = _host.Path, Readonly = true });

        var mounts = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec.Mounts!;

        Assert.That(mounts.Single(mount => mount.Destination == "/etc/hosts").Source, Is.EqualTo(hosts));
        Assert.That(mounts.Where(mount => mount.Destination.StartsWith("/sys", StringComparison.Ordinal)).Select(mount => mount.Source),
            Is.EqualTo(new[] { _host.Path }), "/sys/fs/cgroup goes with /sys");
    }

    [Test]
    public async Task Request_mounts_come_after_the_engine_s_parents_first()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/var/lib/app/cache", HostPath = _host.Path });
        config.Mounts.Add(new Mount { ContainerPath = "/var/lib/app", HostPath = _host.Path });

        var mounts = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec.Mounts!;

        Assert.That(mounts.TakeLast(2).Select(mount => mount.Destination), Is.EqualTo(new[] { "/var/lib/app", "/var/lib/app/cache" }));
    }

    [Test]
    public async Task Image_volume_is_a_read_only_noexec_bind_of_where_the_engine_mounted_the_image()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/models", Image = new ImageSpec { Image = "example.com/models:1" } });
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { ImageVolumes = new Dictionary<string, string> { ["/models"] = _host.Path } };

        var built = await ContainerSpecBuilder.BuildAsync(input);

        var mount = built.Spec.Mounts!.Single(candidate => candidate.Destination == "/models");
        Assert.That((mount.Type, mount.Source), Is.EqualTo(("bind", _host.Path)));
        Assert.That(mount.Options, Is.EqualTo(new[] { "rbind", "rprivate", "ro", "nosuid", "nodev", "noexec" }));
        Assert.That(built.Mounts.Single().Readonly, Is.True);
    }

    [Test]
    public void Mount_naming_both_a_host_path_and_an_image_is_refused()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/models", HostPath = _host.Path, Image = new ImageSpec { Image = "example.com/models:1" } });
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { ImageVolumes = new Dictionary<string, string> { ["/models"] = _host.Path } };

        var error = Assert.ThrowsAsync<RpcException>(() => ContainerSpecBuilder.BuildAsync(input));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("/models").And.Contain("both a host path and an image"));
    }

    [Test]
    public async Task Recursive_read_only_mount_is_rro()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = _host.Path, Readonly = true, RecursiveReadOnly = true });

        var mount = (await SpecInputs.BuildAsync(_rootfs.Path, config)).Spec.Mounts!.Single(candidate => candidate.Destination == "/data");

        Assert.That(mount.Options, Is.EqualTo(new[] { "rbind", "rprivate", "rro" }));
    }

    [Test]
    public void Recursive_read_only_is_refused_when_the_handler_cannot_make_it()
    {
        var config = SpecInputs.Container();
        config.Mounts.Add(new Mount { ContainerPath = "/data", HostPath = _host.Path, Readonly = true, RecursiveReadOnly = true });
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { Features = HandlerFeatures.None("crun has no features command") };

        var error = Assert.ThrowsAsync<RpcException>(() => ContainerSpecBuilder.BuildAsync(input));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("mount /data: recursive read-only, which the runtime handler cannot make (crun has no features command)"));
    }

    [Test]
    public void An_idmapped_mount_is_refused_when_the_handler_would_ignore_its_mappings()
    {
        var config = SpecInputs.Container();
        var mount = new Mount { ContainerPath = "/data", HostPath = _host.Path };
        mount.UidMappings.Add(new IDMapping { ContainerId = 0, HostId = 65536, Length = 65536 });
        config.Mounts.Add(mount);

        var error = Assert.ThrowsAsync<RpcException>(() => SpecInputs.BuildAsync(_rootfs.Path, config));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("mount /data: asks for an idmapped mount, which the runtime handler cannot make"));
    }

    [Test]
    public async Task An_idmapped_mount_carries_its_mappings_to_a_handler_that_makes_them()
    {
        var config = SpecInputs.Container();
        var mount = new Mount { ContainerPath = "/data", HostPath = _host.Path };
        mount.UidMappings.Add(new IDMapping { ContainerId = 0, HostId = 65536, Length = 65536 });
        mount.GidMappings.Add(new IDMapping { ContainerId = 0, HostId = 65536, Length = 65536 });
        config.Mounts.Add(mount);
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { Features = SpecInputs.Runc11 with { IdmapMounts = true } };

        var made = (await ContainerSpecBuilder.BuildAsync(input)).Spec.Mounts!.Single(candidate => candidate.Destination == "/data");

        var expected = new OciIdMapping { ContainerId = 0, HostId = 65536, Size = 65536 };
        Assert.That((made.UidMappings, made.GidMappings), Is.EqualTo((new[] { expected }, new[] { expected })));
    }

    private static IEnumerable<string> Describe(IEnumerable<OciMount> mounts) =>
        mounts.Select(mount => $"{mount.Destination} {mount.Type} {mount.Source} {string.Join(',', mount.Options ?? [])}");
}
