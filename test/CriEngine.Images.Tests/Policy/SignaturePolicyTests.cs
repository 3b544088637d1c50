using CriEngine.Images.Policy;
using CriEngine.Images.References;

namespace CriEngine.Images.Tests.Policy;

public sealed class SignaturePolicyTests
{
    private const string Scoped = """
        {
          "default": [{"type": "reject"}],
          "transports": {
            "docker": {
              "": [{"type": "insecureAcceptAnything"}],
              "*.example.com": [{"type": "reject"}],
              "registry.example.com": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/keys/host.gpg"}],
              "registry.example.com/team": [{"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["/keys/team.gpg"]}],
              "registry.example.com/team/app": [{"type": "sigstoreSigned", "keyData": "LS0t"}],
              "registry.example.com/team/app:1.0": [{"type": "insecureAcceptAnything"}]
            },
            "docker-daemon": {"": [{"type": "reject"}]}
          }
        }
        """;

    [TestCase("registry.example.com/team/app:1.0", "transports.docker[\"registry.example.com/team/app:1.0\"]", "insecureAcceptAnything")]
    [TestCase("registry.example.com/team/app:2.0", "transports.docker[\"registry.example.com/team/app\"]", "sigstoreSigned")]
    [TestCase("registry.example.com/team/other:1", "transports.docker[\"registry.example.com/team\"]", "signedBy")]
    [TestCase("registry.example.com/solo:1", "transports.docker[\"registry.example.com\"]", "signedBy")]
    [TestCase("mirror.example.com:5000/x:1", "transports.docker[\"*.example.com\"]", "reject")]
    [TestCase("127.0.0.1:5000/x:1", "transports.docker[\"\"]", "insecureAcceptAnything")]
    public void The_most_specific_docker_scope_decides(string image, string scope, string requirement)
    {
        var chosen = Parse(Scoped).ScopeFor(ImageReference.Parse(image));

        Assert.That((chosen.Name, chosen.Requirements.Single().Type), Is.EqualTo((scope, requirement)));
    }

    [Test]
    public void Without_a_docker_scope_the_default_decides()
    {
        var chosen = Parse("""{"default": [{"type": "reject"}], "transports": {"docker": {"other.io": [{"type": "insecureAcceptAnything"}]}}}""")
            .ScopeFor(ImageReference.Parse("busybox"));

        Assert.That((chosen.Name, chosen.Requirements.Single()), Is.EqualTo(("default", (PolicyRequirement)new RejectRequirement())));
    }

    [Test]
    public void An_image_pulled_by_digest_matches_a_scope_naming_that_digest()
    {
        var digest = "sha256:" + new string('a', 64);
        var chosen = Parse($$$$"""{"default": [{"type": "reject"}], "transports": {"docker": {"example.com/app@{{{{digest}}}}": [{"type": "insecureAcceptAnything"}]}}}""")
            .ScopeFor(ImageReference.Parse($"example.com/app@{digest}"));

        Assert.That(chosen.Requirements.Single(), Is.TypeOf<InsecureAcceptAnything>());
    }

    [Test]
    public void Signing_requirements_carry_their_keys_and_identity()
    {
        var policy = Parse("""
            {"default": [
              {"type": "signedBy", "keyType": "GPGKeys", "keyPaths": ["/a.gpg", "/b.gpg"],
               "signedIdentity": {"type": "remapIdentity", "prefix": "mirror.example.com", "signedPrefix": "origin.example.com"}},
              {"type": "sigstoreSigned", "keyData": "AQID", "signedIdentity": {"type": "exactRepository", "dockerRepository": "example.com/app"}}
            ]}
            """);

        var signedBy = (SignedByRequirement)policy.Default[0];
        var sigstore = (SigstoreSignedRequirement)policy.Default[1];
        Assert.That(signedBy.Keys.Paths, Is.EqualTo(new[] { "/a.gpg", "/b.gpg" }));
        Assert.That(signedBy.Identity, Is.EqualTo(new SignedIdentity(SignedIdentityKind.RemapIdentity, Prefix: "mirror.example.com", SignedPrefix: "origin.example.com")));
        Assert.That(sigstore.Keys.Data.Single(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(sigstore.Identity, Is.EqualTo(new SignedIdentity(SignedIdentityKind.ExactRepository, "example.com/app")));
    }

    [TestCase("""{}""", "\"default\" is missing")]
    [TestCase("""{"default": []}""", "default: no requirements")]
    [TestCase("""{"default": [{"type": "reject", "extra": 1}]}""", "default[0]: unknown field \"extra\"")]
    [TestCase("""{"default": [{"type": "trustMe"}]}""", "default[0].type: unknown requirement \"trustMe\"")]
    [TestCase("""{"default": [{"type": "signedBy", "keyPath": "/k.gpg"}]}""", "default[0]: \"keyType\" is missing")]
    [TestCase("""{"default": [{"type": "signedBy", "keyType": "X509Certificates", "keyPath": "/k"}]}""", "only \"GPGKeys\" is supported")]
    [TestCase("""{"default": [{"type": "signedBy", "keyType": "GPGKeys"}]}""", "exactly one of keyPath, keyPaths, keyData must be given")]
    [TestCase("""{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "k.gpg"}]}""", "key path \"k.gpg\" is not absolute")]
    [TestCase("""{"default": [{"type": "sigstoreSigned", "fulcio": {}}]}""", "default[0].fulcio: Fulcio certificates and Rekor are not supported")]
    [TestCase("""{"default": [{"type": "sigstoreSigned", "keyPath": "/k.pub", "signedIdentity": {"type": "exactReference"}}]}""", "default[0].signedIdentity: \"dockerReference\" is missing")]
    [TestCase("""{"default": [{"type": "reject"}], "transports": {"docker": {"https://example.com": [{"type": "reject"}]}}}""", "scope \"https://example.com\" is no host")]
    [TestCase("""{"default": [{"type": "reject"}""", "signature policy /p.json: ")]
    public void An_invalid_policy_is_refused_naming_the_file_and_the_field(string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => Parse(text));

        Assert.That(e!.Message, Does.StartWith("signature policy /p.json: "));
        Assert.That(e.Message, Does.Contain(problem));
    }

    private static SignaturePolicy Parse(string text) => SignaturePolicyParser.Parse("/p.json", System.Text.Encoding.UTF8.GetBytes(text));
}
