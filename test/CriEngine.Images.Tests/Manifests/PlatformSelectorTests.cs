using System.Runtime.InteropServices;
using CriEngine.Grpc;
using CriEngine.Images.Manifests;
using CriEngine.Images.References;

namespace CriEngine.Images.Tests.Manifests;

public sealed class PlatformSelectorTests
{
    private static Descriptor Entry(char digit, ImagePlatform? platform) =>
        new(ManifestMediaTypes.OciManifest, Digest.Parse("sha256:" + new string(digit, 64)), 500, Platform: platform);

    private static ImageIndex Index(params Descriptor[] manifests) => new(ManifestMediaTypes.OciIndex, manifests);

    private static readonly ImageIndex Typical = Index(
        Entry('0', new ImagePlatform("unknown", "unknown")),
        Entry('1', new ImagePlatform("linux", "amd64")),
        Entry('2', new ImagePlatform("linux", "arm", "v6")),
        Entry('3', new ImagePlatform("linux", "arm", "v7")),
        Entry('4', new ImagePlatform("linux", "arm64", "v8")),
        Entry('5', new ImagePlatform("linux", "s390x")),
        Entry('6', new ImagePlatform("windows", "amd64", OsVersion: "10.0.17763.1")));

    [Test]
    public void Amd64_host_gets_the_linux_amd64_entry()
    {
        Assert.That(PlatformSelector.Select(Typical, new ImagePlatform("linux", "amd64")).Digest.Hex[0], Is.EqualTo('1'));
    }

    [Test]
    public void Arm64_host_gets_the_arm64_v8_entry()
    {
        Assert.That(PlatformSelector.Select(Typical, new ImagePlatform("linux", "arm64", "v8")).Digest.Hex[0], Is.EqualTo('4'));
    }

    [Test]
    public void Arm64_entry_without_variant_stands_for_the_default_v8()
    {
        var index = Index(Entry('1', new ImagePlatform("linux", "amd64")), Entry('2', new ImagePlatform("linux", "arm64")));

        Assert.That(PlatformSelector.Select(index, new ImagePlatform("linux", "arm64", "v8")).Digest.Hex[0], Is.EqualTo('2'));
    }

    [Test]
    public void Arm_v7_host_gets_the_v7_entry_not_the_v6_one()
    {
        Assert.That(PlatformSelector.Select(Typical, new ImagePlatform("linux", "arm", "v7")).Digest.Hex[0], Is.EqualTo('3'));
    }

    [Test]
    public void Arm_entry_without_variant_stands_for_v7()
    {
        var index = Index(Entry('1', new ImagePlatform("linux", "arm", "v6")), Entry('2', new ImagePlatform("linux", "arm")));

        Assert.That(PlatformSelector.Select(index, new ImagePlatform("linux", "arm", "v7")).Digest.Hex[0], Is.EqualTo('2'));
    }

    [Test]
    public void Architecture_aliases_are_understood()
    {
        var index = Index(Entry('1', new ImagePlatform("linux", "x86_64")), Entry('2', new ImagePlatform("linux", "aarch64")));

        Assert.That(PlatformSelector.Select(index, new ImagePlatform("linux", "amd64")).Digest.Hex[0], Is.EqualTo('1'));
        Assert.That(PlatformSelector.Select(index, new ImagePlatform("linux", "arm64", "v8")).Digest.Hex[0], Is.EqualTo('2'));
    }

    [Test]
    public void No_match_is_not_found_naming_the_wanted_platform_and_listing_the_others()
    {
        var index = Index(Entry('1', new ImagePlatform("linux", "amd64")), Entry('2', new ImagePlatform("linux", "arm", "v7")), Entry('3', null));

        var error = Assert.Throws<RpcException>(() => PlatformSelector.Select(index, new ImagePlatform("linux", "arm64", "v8")));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("linux/arm64/v8").And.Contain("linux/amd64, linux/arm/v7, (no platform)"));
    }

    [Test]
    public void Windows_entries_are_not_taken_for_linux()
    {
        var index = Index(Entry('1', new ImagePlatform("windows", "amd64")));

        Assert.Throws<RpcException>(() => PlatformSelector.Select(index, new ImagePlatform("linux", "amd64")));
    }

    [TestCase(Architecture.X64, "linux/amd64")]
    [TestCase(Architecture.Arm64, "linux/arm64/v8")]
    [TestCase(Architecture.Arm, "linux/arm/v7")]
    [TestCase(Architecture.X86, "linux/386")]
    [TestCase(Architecture.S390x, "linux/s390x")]
    [TestCase(Architecture.Ppc64le, "linux/ppc64le")]
    [TestCase(Architecture.RiscV64, "linux/riscv64")]
    public void Host_architectures_get_their_goarch_names(Architecture architecture, string expected)
    {
        Assert.That(ImagePlatform.ForArchitecture(architecture).ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void This_machine_is_linux_with_its_own_architecture()
    {
        Assert.That(ImagePlatform.Host, Is.EqualTo(ImagePlatform.ForArchitecture(RuntimeInformation.OSArchitecture)));
        Assert.That(ImagePlatform.Host.Os, Is.EqualTo("linux"));
    }
}
