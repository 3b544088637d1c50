using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Oci.Spec;
using CriEngine.TestSupport;

namespace CriEngine.Oci.Tests.Spec;

public sealed class SeccompSpecTests
{
    private const string DenyMkdir = """{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 }] }""";

    private TempDirectory _rootfs = null!;
    private TempDirectory _profiles = null!;

    [SetUp]
    public void SetUp()
    {
        _rootfs = new TempDirectory("criengine-spec");
        _profiles = new TempDirectory("criengine-seccomp");
        _profiles.Write("deny-mkdir.json", DenyMkdir);
        _profiles.Write("broken.json", "{ not json");
    }

    [TearDown]
    public void TearDown()
    {
        _rootfs.Dispose();
        _profiles.Dispose();
    }

    [Test]
    public async Task Runtime_default_is_the_built_in_profile_resolved_against_the_container_s_capabilities()
    {
        var capabilities = new Capability();
        capabilities.AddCapabilities.Add("SYS_ADMIN");

        var plain = await SeccompAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile() });
        var admin = await SeccompAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile(), Capabilities = capabilities });

        Assert.That(plain!.DefaultAction, Is.EqualTo("SCMP_ACT_ERRNO"));
        Assert.That(Action(plain, "sethostname"), Is.EqualTo("SCMP_ACT_ERRNO"));
        Assert.That(Action(admin!, "sethostname"), Is.EqualTo("SCMP_ACT_ALLOW"));
    }

    [Test]
    public async Task Unconfined_has_no_filter()
    {
        var filter = await SeccompAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined } });

        Assert.That(filter, Is.Null);
    }

    [Test]
    public async Task Localhost_profile_is_read_from_the_node()
    {
        var path = Path.Combine(_profiles.Path, "deny-mkdir.json");

        var filter = await SeccompAsync(Localhost(path));

        Assert.That(filter!.DefaultAction, Is.EqualTo("SCMP_ACT_ALLOW"));
        Assert.That(filter.Syscalls!.Single().Names, Is.EqualTo(new[] { "mkdir", "mkdirat" }));
    }

    [TestCase("absent.json", "cannot read")]
    [TestCase("broken.json", "not a seccomp profile")]
    public void Missing_or_invalid_localhost_profile_is_refused_naming_the_file(string file, string cause)
    {
        var path = Path.Combine(_profiles.Path, file);

        var error = Assert.ThrowsAsync<RpcException>(() => SeccompAsync(Localhost(path)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain(path).And.Contain(cause).And.Contain("container app"));
    }

    [TestCase(true, "SCMP_ACT_ERRNO")]
    [TestCase(false, null)]
    public async Task A_container_naming_no_profile_follows_use_default_when_empty(bool useDefault, string? defaultAction)
    {
        var filter = await SeccompAsync(new LinuxContainerSecurityContext(), new SecuritySettings { SeccompUseDefaultWhenEmpty = useDefault });

        Assert.That(filter?.DefaultAction, Is.EqualTo(defaultAction));
    }

    [Test]
    public async Task Runtime_default_is_the_configured_profile_file_when_there_is_one()
    {
        var settings = new SecuritySettings { SeccompProfile = Path.Combine(_profiles.Path, "deny-mkdir.json") };

        var explicitDefault = await SeccompAsync(new LinuxContainerSecurityContext { Seccomp = new SecurityProfile() }, settings);
        var empty = await SeccompAsync(new LinuxContainerSecurityContext(), settings);

        Assert.That(explicitDefault!.Syscalls!.Single().Names, Is.EqualTo(new[] { "mkdir", "mkdirat" }));
        Assert.That(empty!.Syscalls!.Single().Names, Is.EqualTo(new[] { "mkdir", "mkdirat" }));
    }

    [Test]
    public void A_broken_configured_profile_is_refused_naming_the_key()
    {
        var settings = new SecuritySettings { SeccompProfile = Path.Combine(_profiles.Path, "broken.json") };

        var error = Assert.ThrowsAsync<RpcException>(() => SeccompAsync(new LinuxContainerSecurityContext(), settings));

        Assert.That(error!.Message, Does.Contain("crio.runtime.seccomp_profile").And.Contain("broken.json"));
    }

#pragma warning disable CS0612 // the deprecated field, as older kubelets send it
    [TestCase("runtime/default", "SCMP_ACT_ERRNO")]
    [TestCase("docker/default", "SCMP_ACT_ERRNO")]
    [TestCase("unconfined", null)]
    public async Task Deprecated_profile_names_are_honoured(string name, string? defaultAction)
    {
        var filter = await SeccompAsync(new LinuxContainerSecurityContext { SeccompProfilePath = name }, new SecuritySettings { SeccompUseDefaultWhenEmpty = false });

        Assert.That(filter?.DefaultAction, Is.EqualTo(defaultAction));
    }

    [Test]
    public async Task Deprecated_localhost_path_is_read_from_the_node()
    {
        var filter = await SeccompAsync(new LinuxContainerSecurityContext { SeccompProfilePath = "localhost/" + Path.Combine(_profiles.Path, "deny-mkdir.json") });

        Assert.That(filter!.DefaultAction, Is.EqualTo("SCMP_ACT_ALLOW"));
    }

    [Test]
    public void A_custom_profile_not_under_localhost_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => SeccompAsync(new LinuxContainerSecurityContext { SeccompProfilePath = "/etc/profile.json" }));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.Contain("\"/etc/profile.json\"").And.Contain("localhost/"));
    }
#pragma warning restore CS0612

    [Test]
    public async Task Infra_container_gets_the_pod_s_profile()
    {
        var unconfined = SpecInputs.Pod();
        unconfined.Linux.SecurityContext.Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Unconfined };
        var runtimeDefault = SpecInputs.Pod();
        runtimeDefault.Linux.SecurityContext.Seccomp = new SecurityProfile();

        var none = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(_rootfs.Path, unconfined))).Spec.Linux!.Seccomp;
        var filter = (await SandboxSpecBuilder.BuildAsync(SpecInputs.ForSandbox(_rootfs.Path, runtimeDefault))).Spec.Linux!.Seccomp;

        Assert.That((none, filter?.DefaultAction), Is.EqualTo(((OciSeccomp?)null, "SCMP_ACT_ERRNO")));
    }

    private static LinuxContainerSecurityContext Localhost(string path) =>
        new() { Seccomp = new SecurityProfile { ProfileType = SecurityProfile.Types.ProfileType.Localhost, LocalhostRef = path } };

    private static string Action(OciSeccomp filter, string call) => filter.Syscalls!.Single(rule => rule.Names.Contains(call)).Action;

    private async Task<OciSeccomp?> SeccompAsync(LinuxContainerSecurityContext context, SecuritySettings? settings = null)
    {
        var config = SpecInputs.Container();
        config.Linux.SecurityContext = context;
        var input = SpecInputs.ForContainer(_rootfs.Path, config) with { Security = settings ?? new SecuritySettings() };
        return (await ContainerSpecBuilder.BuildAsync(input)).Spec.Linux!.Seccomp;
    }
}
