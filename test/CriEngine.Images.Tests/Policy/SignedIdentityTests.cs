using CriEngine.Images.Policy;
using CriEngine.Images.References;

namespace CriEngine.Images.Tests.Policy;

public sealed class SignedIdentityTests
{
    private static readonly string Digest = "sha256:" + new string('b', 64);

    [TestCase(SignedIdentityKind.MatchRepoDigestOrExact, "example.com/app:1", "example.com/app:1", true)]
    [TestCase(SignedIdentityKind.MatchRepoDigestOrExact, "example.com/app:1", "example.com/app:2", false)]
    [TestCase(SignedIdentityKind.MatchRepoDigestOrExact, "example.com/app:1", "example.com/app", false)]
    [TestCase(SignedIdentityKind.MatchRepoDigestOrExact, "example.com/app@DIGEST", "example.com/app:any", true)]
    [TestCase(SignedIdentityKind.MatchRepoDigestOrExact, "example.com/app@DIGEST", "example.com/other:any", false)]
    [TestCase(SignedIdentityKind.MatchRepoDigestOrExact, "busybox", "docker.io/library/busybox:latest", true)]
    [TestCase(SignedIdentityKind.MatchExact, "example.com/app@DIGEST", "example.com/app:any", false)]
    [TestCase(SignedIdentityKind.MatchExact, "example.com/app@DIGEST", "example.com/app@DIGEST", true)]
    [TestCase(SignedIdentityKind.MatchExact, "example.com/app:1", "example.com/app:1", true)]
    [TestCase(SignedIdentityKind.MatchRepository, "example.com/app:1", "example.com/app:2", true)]
    [TestCase(SignedIdentityKind.MatchRepository, "example.com/app:1", "example.com/app2:1", false)]
    [TestCase(SignedIdentityKind.MatchRepository, "example.com/app:1", "not a reference", false)]
    public void A_signed_identity_is_accepted_by_the_rules_of_its_kind(SignedIdentityKind kind, string image, string signed, bool accepted)
    {
        var mismatch = new SignedIdentity(kind).Mismatch(ImageReference.Parse(image.Replace("DIGEST", Digest)), signed.Replace("DIGEST", Digest));

        Assert.That(mismatch is null, Is.EqualTo(accepted), mismatch);
    }

    [TestCase("example.com/fixed:1", "example.com/fixed:1", true)]
    [TestCase("example.com/fixed:1", "example.com/app:1", false)]
    public void Exact_reference_accepts_only_that_reference_whatever_is_pulled(string reference, string signed, bool accepted) =>
        Assert.That(new SignedIdentity(SignedIdentityKind.ExactReference, reference).Mismatch(ImageReference.Parse("example.com/app:1"), signed) is null, Is.EqualTo(accepted));

    [TestCase("example.com/fixed", "example.com/fixed:9", true)]
    [TestCase("example.com/fixed", "example.com/app:1", false)]
    public void Exact_repository_accepts_any_tag_of_that_repository(string repository, string signed, bool accepted) =>
        Assert.That(new SignedIdentity(SignedIdentityKind.ExactRepository, repository).Mismatch(ImageReference.Parse("example.com/app:1"), signed) is null, Is.EqualTo(accepted));

    [TestCase("mirror.example.com/team/app:1", "origin.example.com/team/app:1", true)]
    [TestCase("mirror.example.com/team/app:1", "mirror.example.com/team/app:1", false)]
    [TestCase("mirror.example.comx/team/app:1", "mirror.example.comx/team/app:1", true)]
    public void Remap_identity_rewrites_the_prefix_before_matching(string image, string signed, bool accepted)
    {
        var identity = new SignedIdentity(SignedIdentityKind.RemapIdentity, Prefix: "mirror.example.com", SignedPrefix: "origin.example.com");

        Assert.That(identity.Mismatch(ImageReference.Parse(image), signed) is null, Is.EqualTo(accepted));
    }

    [Test]
    public void A_mismatch_names_both_identities_and_the_rule()
    {
        var mismatch = SignedIdentity.Default.Mismatch(ImageReference.Parse("example.com/app:1"), "example.com/evil:1");

        Assert.That(mismatch, Is.EqualTo("the signature claims example.com/evil:1, which signedIdentity matchRepoDigestOrExact does not accept for example.com/app:1"));
    }
}
