using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class ContainerUserTests
{
    private const string Passwd = """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        alice:x:1000:1000::/home/alice:/bin/sh
        bob:x:1001:1001::/home/bob:/bin/sh
        broken line
        """;

    private const string Group = """
        root:x:0:
        alice:x:1000:
        bob:x:1001:
        wheel:x:10:alice
        audio:x:29:alice,bob
        """;

    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp()
    {
        _rootfs = new TempDirectory("criengine-spec");
        _rootfs.Write("etc/passwd", Passwd);
        _rootfs.Write("etc/group", Group);
    }

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    [TestCase("", 0u, 0u, new uint[] { 0 }, "root")]
    [TestCase("alice", 1000u, 1000u, new uint[] { 1000, 10, 29 }, "alice")]
    [TestCase("1000", 1000u, 1000u, new uint[] { 1000, 10, 29 }, "alice")]
    [TestCase("bob", 1001u, 1001u, new uint[] { 1001, 29 }, "bob")]
    [TestCase("alice:audio", 1000u, 29u, new uint[] { 29 }, "alice")]
    [TestCase("1000:audio", 1000u, 29u, new uint[] { 29 }, "alice")]
    [TestCase("alice:29", 1000u, 29u, new uint[] { 29 }, "alice")]
    [TestCase("alice:500", 1000u, 500u, new uint[] { 500 }, "alice")]
    [TestCase("1000:wheel", 1000u, 10u, new uint[] { 10 }, "alice")]
    [TestCase("4242", 4242u, 0u, new uint[] { 0 }, null)]
    [TestCase("4242:4243", 4242u, 4243u, new uint[] { 4243 }, null)]
    [TestCase("4242:audio", 4242u, 29u, new uint[] { 29 }, null)]
    public async Task Image_user_is_resolved_in_the_rootfs_passwd_and_group(string imageUser, uint uid, uint gid, uint[] groups, string? name)
    {
        var result = await BuildAsync(new LinuxContainerSecurityContext(), imageUser);

        Assert.That(result.User, Is.EqualTo(new ResolvedUser(uid, gid, groups, name)).Using<ResolvedUser>(SameUser));
        Assert.That(result.Spec.Process!.User.Uid, Is.EqualTo(uid));
        Assert.That(result.Spec.Process.User.Gid, Is.EqualTo(gid));
        Assert.That(result.Spec.Process.User.AdditionalGids, Is.EqualTo(groups));
    }

    [Test]
    public async Task Run_as_user_replaces_the_image_user()
    {
        var result = await BuildAsync(new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1001 } }, "alice:wheel");

        Assert.That((result.User.Uid, result.User.Gid, result.User.Name), Is.EqualTo((1001u, 1001u, "bob")));
    }

    [Test]
    public async Task Run_as_username_wins_over_run_as_user()
    {
        var context = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1001 }, RunAsUsername = "alice" };

        var result = await BuildAsync(context, "");

        Assert.That(result.User.Uid, Is.EqualTo(1000u));
    }

    [Test]
    public async Task Run_as_group_replaces_the_primary_group_and_supplemental_groups_are_added()
    {
        var context = new LinuxContainerSecurityContext { RunAsUser = new Int64Value { Value = 1000 }, RunAsGroup = new Int64Value { Value = 50 } };
        context.SupplementalGroups.Add(5000);
        context.SupplementalGroups.Add(10);

        var result = await BuildAsync(context, "");

        Assert.That(result.User.Gid, Is.EqualTo(50u));
        Assert.That(result.User.AdditionalGids, Is.EqualTo(new uint[] { 50, 10, 29, 5000 }));
    }

    [Test]
    public async Task Strict_supplemental_groups_policy_ignores_the_image_s_group_file()
    {
        var context = new LinuxContainerSecurityContext { RunAsUsername = "alice", SupplementalGroupsPolicy = SupplementalGroupsPolicy.Strict };
        context.SupplementalGroups.Add(5000);

        var result = await BuildAsync(context, "");

        Assert.That(result.User.AdditionalGids, Is.EqualTo(new uint[] { 1000, 5000 }));
    }

    [Test]
    public void Unknown_user_is_refused_naming_the_user_and_the_container()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext(), "carol"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"carol\"").And.Contain("container app"));
    }

    [Test]
    public void Unknown_run_as_username_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext { RunAsUsername = "mallory" }, ""));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"mallory\""));
    }

    [Test]
    public void Unknown_group_is_refused_naming_the_group()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext(), "alice:video"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("group \"video\""));
    }

    [Test]
    public void Run_as_group_without_a_user_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() =>
            BuildAsync(new LinuxContainerSecurityContext { RunAsGroup = new Int64Value { Value = 10 } }, "alice"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public async Task Passwd_symlinked_to_an_absolute_path_is_read_inside_the_rootfs()
    {
        using var outside = new TempDirectory("criengine-outside");
        var hostFile = Path.Combine(outside.Path, "passwd");
        File.WriteAllText(hostFile, "mallory:x:0:0::/:/bin/sh\n");
        _rootfs.Write(hostFile.TrimStart('/'), "carol:x:2000:2000::/:/bin/sh\n");
        File.Delete(_rootfs.Combine("etc/passwd"));
        File.CreateSymbolicLink(_rootfs.Combine("etc/passwd"), hostFile);

        var carol = await BuildAsync(new LinuxContainerSecurityContext(), "carol");
        var mallory = Assert.ThrowsAsync<RpcException>(() => BuildAsync(new LinuxContainerSecurityContext(), "mallory"));

        Assert.That(carol.User.Uid, Is.EqualTo(2000u));
        Assert.That(mallory!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    [Test]
    public async Task Group_symlinked_up_out_of_the_rootfs_is_read_inside_it()
    {
        using var outside = new TempDirectory("criengine-outside");
        File.WriteAllText(Path.Combine(outside.Path, "group"), "audio:x:29:alice,intruder\n");
        // From <rootfs>/etc, enough ".." to reach the host's / and then down to the host file.
        var climb = string.Concat(Enumerable.Repeat("../", 20)) + outside.Path.TrimStart('/') + "/group";
        _rootfs.Write(outside.Path.TrimStart('/') + "/group", "staff:x:50:alice\n");
        File.Delete(_rootfs.Combine("etc/group"));
        File.CreateSymbolicLink(_rootfs.Combine("etc/group"), climb);

        var result = await BuildAsync(new LinuxContainerSecurityContext(), "alice");

        Assert.That(result.User.AdditionalGids, Is.EqualTo(new uint[] { 1000, 50 }));
    }

    [Test]
    public async Task Numeric_user_needs_no_passwd_file()
    {
        File.Delete(_rootfs.Combine("etc/passwd"));
        File.Delete(_rootfs.Combine("etc/group"));

        var result = await BuildAsync(new LinuxContainerSecurityContext(), "65534:65534");

        Assert.That((result.User.Uid, result.User.Gid), Is.EqualTo((65534u, 65534u)));
    }

    [Test]
    public async Task Ids_the_image_does_not_know_get_entries_on_lines_of_their_own_in_copies_mounted_over_passwd_and_group()
    {
        var result = await BuildAsync(new LinuxContainerSecurityContext(), "4242:4243");

        var passwd = result.Spec.Mounts!.Single(mount => mount.Destination == "/etc/passwd");
        var group = result.Spec.Mounts!.Single(mount => mount.Destination == "/etc/group");
        Assert.That(passwd.Options, Is.EqualTo(new[] { "rw", "bind", "nodev", "nosuid", "noexec" }));
        Assert.That(await File.ReadAllTextAsync(passwd.Source!), Is.EqualTo(Passwd + "\n4242:x:4242:4243:4242 user:/:/sbin/nologin\n"));
        Assert.That(await File.ReadAllTextAsync(group.Source!), Is.EqualTo(Group + "\n4243:x:4243:\n"));
        Assert.That(File.GetUnixFileMode(passwd.Source!), Is.EqualTo(File.GetUnixFileMode(_rootfs.Combine("etc/passwd"))));
    }

    [Test]
    public async Task Known_ids_and_a_passwd_the_container_may_write_itself_are_left_alone()
    {
        File.SetUnixFileMode(_rootfs.Combine("etc/passwd"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead);

        var writable = await BuildAsync(new LinuxContainerSecurityContext(), "4242:29");
        var known = await BuildAsync(new LinuxContainerSecurityContext(), "alice");

        Assert.That(writable.Spec.Mounts!.Select(mount => mount.Destination), Has.None.EqualTo("/etc/passwd").And.None.EqualTo("/etc/group"));
        Assert.That(known.Spec.Mounts!.Select(mount => mount.Destination), Has.None.EqualTo("/etc/passwd").And.None.EqualTo("/etc/group"));
    }

    private Task<ContainerSpec> BuildAsync(LinuxContainerSecurityContext context, string imageUser)
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext = context;
        return SpecInputs.BuildAsync(_rootfs.Path, config, image: SpecInputs.Image() with { User = imageUser });
    }

    private static bool SameUser(ResolvedUser left, ResolvedUser right) =>
        left.Uid == right.Uid && left.Gid == right.Gid && left.Name == right.Name && left.AdditionalGids.SequenceEqual(right.AdditionalGids);
}
