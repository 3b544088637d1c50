using CriEngine.Api;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Oci.Tests.Spec;

/// <summary>A pod in its own user namespace: the spec's namespaces and mappings, and its rootfs given to the pod's ids (needs root: it changes owners).</summary>
[Category("Integration")]
public sealed class UserNamespaceSpecTests
{
    private const uint HostBase = 65536 * 7;
    private static readonly OciIdMapping Range = new() { ContainerId = 0, HostId = HostBase, Size = 65536 };

    private TempDirectory _rootfs = null!;

    [SetUp]
    public void SetUp() => _rootfs = new TempDirectory("criengine-spec");

    [TearDown]
    public void TearDown() => _rootfs.Dispose();

    private static PodSandboxConfig Pod() => PodUserNamespaceTests.PodWithUserns(NamespaceMode.Pod, (0, HostBase, 65536));

    [Test]
    public async Task Infra_container_joins_the_pod_s_pinned_user_namespace_with_its_mappings()
    {
        var input = SpecInputs.ForSandbox(_rootfs.Path, Pod()) with { UserNamespacePath = "/run/pod/userns" };

        var spec = (await SandboxSpecBuilder.BuildAsync(input)).Spec;

        Assert.That(spec.Linux!.Namespaces!.Where(ns => ns.Type == OciNamespace.User).Select(ns => ns.Path), Is.EqualTo(new[] { "/run/pod/userns" }));
        Assert.That((spec.Linux.UidMappings, spec.Linux.GidMappings), Is.EqualTo((new[] { Range }, new[] { Range })));
    }

    [Test]
    public async Task Containers_join_the_infra_container_s_user_namespace_with_the_same_mappings()
    {
        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container(), Pod())).Spec;

        Assert.That(spec.Linux!.Namespaces!.Where(ns => ns.Type == OciNamespace.User).Select(ns => ns.Path), Is.EqualTo(new[] { $"/proc/{SpecInputs.InfraPid}/ns/user" }));
        Assert.That((spec.Linux.UidMappings, spec.Linux.GidMappings), Is.EqualTo((new[] { Range }, new[] { Range })));
    }

    [Test]
    public async Task A_pod_in_the_node_s_user_namespace_has_no_user_namespace_in_its_spec()
    {
        var spec = (await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container(), PodUserNamespaceTests.PodWithUserns(NamespaceMode.Node))).Spec;

        Assert.That(spec.Linux!.Namespaces!.Select(ns => ns.Type), Has.No.Member(OciNamespace.User));
        Assert.That(spec.Linux.UidMappings, Is.Null);
    }

    [Test]
    public async Task The_rootfs_is_owned_by_the_pod_s_ids_with_set_id_bits_kept()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_rootfs.Path, "bin")).FullName;
        var tool = Path.Combine(bin, "tool");
        await File.WriteAllTextAsync(tool, "x");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.SetUser);
        var owned = Path.Combine(_rootfs.Path, "owned");
        await File.WriteAllTextAsync(owned, "x");
        await ChownAsync(owned, 1000, 100);
        File.CreateSymbolicLink(Path.Combine(_rootfs.Path, "link"), "/etc/passwd");

        await SpecInputs.BuildAsync(_rootfs.Path, SpecInputs.Container(), Pod());

        Assert.That(await OwnerAsync(tool), Is.EqualTo((HostBase, HostBase)));
        Assert.That(File.GetUnixFileMode(tool) & UnixFileMode.SetUser, Is.EqualTo(UnixFileMode.SetUser));
        Assert.That(await OwnerAsync(owned), Is.EqualTo((HostBase + 1000, HostBase + 100)));
        Assert.That(await OwnerAsync(Path.Combine(_rootfs.Path, "link")), Is.EqualTo((HostBase, HostBase)));
        Assert.That(await OwnerAsync("/etc/passwd"), Is.EqualTo((0u, 0u)), "a symlink's target outside is left alone");
    }

    private static async Task<(uint Uid, uint Gid)> OwnerAsync(string path)
    {
        var output = (await ExternalCommand.RunAsync("stat", ["-c", "%u %g", path])).StandardOutputText.Trim().Split(' ');
        return (uint.Parse(output[0], System.Globalization.CultureInfo.InvariantCulture), uint.Parse(output[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task ChownAsync(string path, uint uid, uint gid) =>
        Assert.That((await ExternalCommand.RunAsync("chown", ["-h", $"{uid}:{gid}", path])).ExitCode, Is.Zero);
}
