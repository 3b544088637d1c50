using CriEngine.Grpc;
using CriEngine.Oci.Seccomp;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Tests.Seccomp;

public sealed class SeccompProfileTests
{
    private static readonly string[] Defaults =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_KILL",
    ];

    [Test]
    public void Built_in_profile_denies_what_it_does_not_name_with_ENOSYS_on_the_node_s_architectures()
    {
        var x86 = SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.X86_64);
        var arm = SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.Aarch64);

        Assert.That((x86.DefaultAction, x86.DefaultErrnoRet), Is.EqualTo(("SCMP_ACT_ERRNO", (uint?)38)));
        Assert.That(x86.Architectures, Is.EqualTo(new[] { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32" }));
        Assert.That(arm.Architectures, Is.EqualTo(new[] { "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM" }));
    }

    [Test]
    public void Architecture_specific_calls_are_allowed_only_on_their_architecture()
    {
        Assert.That(Allowed(SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.X86_64)), Does.Contain("arch_prctl").And.Contain("modify_ldt").And.Not.Contain("set_tls"));
        Assert.That(Allowed(SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.Aarch64)), Does.Contain("set_tls").And.Contain("cacheflush").And.Not.Contain("arch_prctl"));
    }

    [TestCase("sethostname", "CAP_SYS_ADMIN")]
    [TestCase("mbind", "CAP_SYS_NICE")]
    [TestCase("ptrace", "CAP_SYS_PTRACE")]
    [TestCase("chroot", "CAP_SYS_CHROOT")]
    [TestCase("clock_settime", "CAP_SYS_TIME")]
    public void A_call_that_needs_a_capability_fails_with_EPERM_without_it_and_is_allowed_with_it(string call, string capability)
    {
        var without = SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.X86_64);
        var with = SeccompProfile.Default.ToOci([.. Defaults, capability], SeccompPlatform.X86_64);

        Assert.That(without.Syscalls!.Where(rule => rule.Names.Contains(call)).Select(rule => (rule.Action, rule.ErrnoRet)),
            Is.EqualTo(new[] { ("SCMP_ACT_ERRNO", (uint?)1) }));
        Assert.That(with.Syscalls!.Where(rule => rule.Names.Contains(call)).Select(rule => rule.Action), Is.EqualTo(new[] { "SCMP_ACT_ALLOW" }));
    }

    [Test]
    public void Unshare_is_left_to_the_default_action_without_CAP_SYS_ADMIN_as_CRI_O_ships_the_profile()
    {
        var without = SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.X86_64);
        var with = SeccompProfile.Default.ToOci([.. Defaults, "CAP_SYS_ADMIN"], SeccompPlatform.X86_64);

        Assert.That(without.Syscalls!.Any(rule => rule.Names.Contains("unshare")), Is.False);
        Assert.That(Allowed(with), Does.Contain("unshare"));
    }

    [Test]
    public void Audit_sockets_are_refused_without_CAP_AUDIT_WRITE()
    {
        var without = SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.X86_64);

        var refusal = without.Syscalls!.Single(rule => rule.Names.Contains("socket") && rule.Action == "SCMP_ACT_ERRNO");
        Assert.That(refusal.ErrnoRet, Is.EqualTo(22));
        Assert.That(refusal.Args!.Select(arg => (arg.Index, arg.Value, arg.Op)), Is.EqualTo(new[] { (0u, 16UL, "SCMP_CMP_EQ"), (2u, 9UL, "SCMP_CMP_EQ") }));
    }

    [Test]
    public void Docker_profile_with_single_names_kernel_conditions_and_comments_is_read()
    {
        var profile = SeccompProfile.Parse("""
            {
              "defaultAction": "SCMP_ACT_ALLOW",
              "architectures": ["SCMP_ARCH_X86_64"],
              // a comment
              "syscalls": [
                { "name": "mkdir", "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "comment": "no directories" },
                { "names": ["old"], "action": "SCMP_ACT_ERRNO", "includes": { "minKernel": "4.0" } },
                { "names": ["future"], "action": "SCMP_ACT_ERRNO", "includes": { "minKernel": "99.1" } },
                { "names": ["pre"], "action": "SCMP_ACT_ERRNO", "excludes": { "minKernel": "4.0" } }
              ]
            }
            """u8, "test profile");

        var filter = profile.ToOci(Defaults, SeccompPlatform.X86_64 with { Kernel = new Version(6, 1) });

        Assert.That(filter.Architectures, Is.EqualTo(new[] { "SCMP_ARCH_X86_64" }));
        Assert.That(filter.Syscalls!.Select(rule => string.Join(',', rule.Names)), Is.EqualTo(new[] { "mkdir", "old" }));
        Assert.That(filter.Syscalls![0].ErrnoRet, Is.EqualTo(13));
    }

    [TestCase("""{ "defaultAction": "SCMP_ACT_SOMETIMES" }""", "SCMP_ACT_SOMETIMES")]
    [TestCase("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{ "names": ["x"], "action": "MAYBE" }] }""", "MAYBE")]
    [TestCase("""{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{ "action": "SCMP_ACT_ERRNO" }] }""", "names no system call")]
    [TestCase("""{ "defaultAction": """, "not a seccomp profile")]
    public void Invalid_profile_is_refused_naming_it_and_the_fault(string json, string fault)
    {
        var error = Assert.Throws<RpcException>(() => SeccompProfile.Parse(System.Text.Encoding.UTF8.GetBytes(json), "profile /etc/p.json"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Message, Does.StartWith("profile /etc/p.json: ").And.Contain(fault));
    }

    [Test]
    public void Built_in_filter_is_written_to_config_json_with_the_spec_s_field_names()
    {
        var spec = new RuntimeSpec { Linux = new OciLinux { Seccomp = SeccompProfile.Default.ToOci(Defaults, SeccompPlatform.X86_64) } };

        using var json = System.Text.Json.JsonDocument.Parse(SpecFile.Serialize(spec));

        var seccomp = json.RootElement.GetProperty("linux").GetProperty("seccomp");
        Assert.That(seccomp.GetProperty("defaultErrnoRet").GetUInt32(), Is.EqualTo(38));
        var personality = seccomp.GetProperty("syscalls").EnumerateArray().First(rule => rule.GetProperty("names")[0].GetString() == "personality");
        Assert.That(personality.GetProperty("args")[0].EnumerateObject().Select(field => $"{field.Name}={field.Value}"), Is.EqualTo(new[] { "index=0", "value=0", "op=SCMP_CMP_EQ" }));
        Assert.That(personality.TryGetProperty("errnoRet", out _), Is.False);
    }

    private static IEnumerable<string> Allowed(OciSeccomp filter) =>
        filter.Syscalls!.Where(rule => rule.Action == "SCMP_ACT_ALLOW").SelectMany(rule => rule.Names);
}
