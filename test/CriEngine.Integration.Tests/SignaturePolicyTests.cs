using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Registry;
using CriEngine.TestSupport.Signing;

namespace CriEngine.Integration.Tests;

/// <summary>
/// containers-policy.json enforced by the real daemon on pulls from a real registry: signatures
/// made by GnuPG (through skopeo, into a lookaside directory) and by a cosign-style key (pushed
/// to the registry as the .sig tag), registries.d read from the daemon's home directory as
/// containers/image reads it, and CRI-O's per-namespace policies.
/// </summary>
[Category("Integration")]
public sealed class SignaturePolicyTests
{
    private const string Images = "/runtime.v1.ImageService/";

    private TempDirectory _directory = null!;
    private TestRegistry _registry = null!;
    private DaemonLayout _layout = null!;
    private string _home = null!;

    [SetUp]
    public async Task SetUp()
    {
        _directory = new TempDirectory("criengine-daemon");
        _registry = await TestRegistry.StartAsync();
        _layout = DaemonProcess.Layout(_directory);
        _home = _directory.Combine("home");
        Directory.CreateDirectory(RegistriesD);
        Directory.CreateDirectory(_layout.SignaturePolicyDirectory);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private string RegistriesD => Path.Combine(_home, ".config", "containers", "registries.d");

    private string Lookaside => _directory.Combine("lookaside");

    [Test]
    public async Task A_reject_scope_refuses_the_pull_by_policy_file_scope_and_requirement_before_any_layer_is_fetched()
    {
        WritePolicy($$$$"""{"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": {"{{{{_registry.Host}}}}/locked": [{"type": "reject"}]}}}""");
        var locked = await PushAsync("locked/app");
        var open = await PushAsync("open/app");
        await using var daemon = await StartAsync();
        using var client = daemon.Client();
        var before = _registry.Requests.Count;

        var refused = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, locked.Reference));
        var requests = _registry.Requests.Since(before);
        var pulled = await PullAsync(client, open.Reference);

        Assert.That(refused!.Code, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(refused.Message, Is.EqualTo(
            $"image {locked.Reference}: refused by signature policy {_layout.SignaturePolicy}: scope transports.docker[\"{_registry.Host}/locked\"], requirement reject: every image is rejected"));
        Assert.That(requests.Where(r => r.Path.Contains("/blobs/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(pulled.ImageRef, Is.EqualTo(open.ConfigDigest.Hex));
    }

    [Test]
    public async Task A_missing_policy_file_fails_every_pull_as_in_containers_image()
    {
        var pushed = await PushAsync("any/app");
        var missing = _directory.Combine("no-such-policy.json");
        File.WriteAllText(_layout.DropIn("10-policy.conf"), $"[crio.image]\nsignature_policy = \"{missing}\"\n");
        await using var daemon = await StartAsync();
        using var client = daemon.Client();

        var refused = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, pushed.Reference));

        Assert.That(refused!.Code, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(refused.Message, Does.StartWith($"image {pushed.Reference}: signature policy {missing} cannot be read: "));
    }

    [Test]
    public async Task A_gpg_signed_image_is_accepted_and_unsigned_wrong_key_and_wrong_identity_ones_are_refused()
    {
        using var trusted = await TestGpgKey.CreateAsync("Trusted");
        using var stranger = await TestGpgKey.CreateAsync("Stranger");
        WritePolicy($$"""{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "{{trusted.PublicKeyring}}"}]}""");
        File.WriteAllText(Path.Combine(RegistriesD, "default.yaml"), $"default-docker:\n  lookaside: file://{Lookaside}\n");
        var signed = await PushAsync("gpg/signed");
        var unsigned = await PushAsync("gpg/unsigned");
        var wrongKey = await PushAsync("gpg/wrong-key");
        var wrongIdentity = await PushAsync("gpg/wrong-identity");
        await StoreSignatureAsync(signed, await trusted.SignAsync(signed.Image.Manifest, signed.Reference));
        await StoreSignatureAsync(wrongKey, await stranger.SignAsync(wrongKey.Image.Manifest, wrongKey.Reference));
        await StoreSignatureAsync(wrongIdentity, await trusted.SignAsync(wrongIdentity.Image.Manifest, $"{_registry.Host}/gpg/signed:1"));
        await using var daemon = await StartAsync();
        using var client = daemon.Client();

        var pulled = await PullAsync(client, signed.Reference);
        var noSignature = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, unsigned.Reference));
        var otherKey = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, wrongKey.Reference));
        var otherIdentity = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, wrongIdentity.Reference));

        Assert.That(pulled.ImageRef, Is.EqualTo(signed.ConfigDigest.Hex));
        var refusal = $"refused by signature policy {_layout.SignaturePolicy}: scope default, requirement signedBy: ";
        Assert.That(noSignature!.Message, Is.EqualTo($"image {unsigned.Reference}: {refusal}no simple-signing signature found (lookaside file://{Lookaside}/gpg/unsigned)"));
        Assert.That(otherKey!.Message, Is.EqualTo($"image {wrongKey.Reference}: {refusal}signature 1: signed by key {stranger.Fingerprint[^16..]}, which is not among the trusted keys"));
        Assert.That(otherIdentity!.Message, Is.EqualTo($"image {wrongIdentity.Reference}: {refusal}signature 1: the signature claims {_registry.Host}/gpg/signed:1, which signedIdentity matchRepoDigestOrExact does not accept for {wrongIdentity.Reference}"));
        Assert.That(new[] { noSignature.Code, otherKey.Code, otherIdentity.Code }, Is.All.EqualTo(StatusCode.PermissionDenied));
    }

    [Test]
    public async Task A_sigstore_signature_in_the_registry_is_accepted_and_one_by_another_key_refused()
    {
        using var trusted = new TestCosignKey();
        using var stranger = new TestCosignKey();
        var publicKey = _directory.Write("cosign.pub", trusted.PublicKeyPem);
        WritePolicy($$$$"""{"default": [{"type": "reject"}], "transports": {"docker": {"{{{{_registry.Host}}}}/cosign": [{"type": "sigstoreSigned", "keyPath": "{{{{publicKey}}}}"}]}}}""");
        File.WriteAllText(Path.Combine(RegistriesD, "sigstore.yaml"), $"docker:\n  {_registry.Host}/cosign:\n    use-sigstore-attachments: true\n");
        var signed = await PushAsync("cosign/signed");
        var forged = await PushAsync("cosign/forged");
        var unsigned = await PushAsync("cosign/unsigned");
        await trusted.PushSignatureAsync(_registry, "cosign/signed", signed.ManifestDigest, signed.Reference);
        await stranger.PushSignatureAsync(_registry, "cosign/forged", forged.ManifestDigest, forged.Reference);
        await using var daemon = await StartAsync();
        using var client = daemon.Client();

        var pulled = await PullAsync(client, signed.Reference);
        var byDigest = await PullAsync(client, signed.DigestReference);
        var otherKey = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, forged.Reference));
        var none = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, unsigned.Reference));

        Assert.That((pulled.ImageRef, byDigest.ImageRef), Is.EqualTo((signed.ConfigDigest.Hex, signed.ConfigDigest.Hex)));
        var refusal = $"refused by signature policy {_layout.SignaturePolicy}: scope transports.docker[\"{_registry.Host}/cosign\"], requirement sigstoreSigned: ";
        Assert.That(otherKey!.Message, Is.EqualTo($"image {forged.Reference}: {refusal}signature 1: the signature does not verify with any trusted key ({publicKey})"));
        Assert.That(none!.Message, Is.EqualTo($"image {unsigned.Reference}: {refusal}no sigstore signature found (tag sha256-{unsigned.ManifestDigest.Hex}.sig in {_registry.Host}/cosign/unsigned)"));
    }

    [Test]
    public async Task A_pod_namespace_with_a_policy_of_its_own_is_held_to_it_and_others_to_the_global_one()
    {
        var strict = Path.Combine(_layout.SignaturePolicyDirectory, "strict.json");
        File.WriteAllText(strict, """{"default": [{"type": "reject"}]}""");
        var pushed = await PushAsync("shared/app");
        await using var daemon = await StartAsync();
        using var client = daemon.Client();

        var refused = Assert.ThrowsAsync<RpcException>(() => PullAsync(client, pushed.Reference, "strict"));
        var otherNamespace = await PullAsync(client, pushed.Reference, "relaxed");
        var noPod = await PullAsync(client, pushed.Reference);

        Assert.That(refused!.Message, Is.EqualTo($"image {pushed.Reference}: refused by signature policy {strict}: scope default, requirement reject: every image is rejected"));
        Assert.That((otherNamespace.ImageRef, noPod.ImageRef), Is.EqualTo((pushed.ConfigDigest.Hex, pushed.ConfigDigest.Hex)));
    }

    private void WritePolicy(string json) => File.WriteAllText(_layout.SignaturePolicy, json);

    private Task<DaemonProcess> StartAsync() =>
        DaemonProcess.StartAsync(_directory, new Dictionary<string, string> { ["HOME"] = _home });

    private async Task<PushedImage> PushAsync(string repository) =>
        await _registry.PushAsync(repository, "1", await new TestImageBuilder().WithLayer(TestLayerEntry.File("etc/name", repository)).BuildAsync());

    /// <summary>Puts a signature where containers/image's lookaside layout has it: REPOSITORY@sha256=HEX/signature-1.</summary>
    private async Task StoreSignatureAsync(PushedImage image, byte[] signature)
    {
        var directory = Path.Combine(Lookaside, $"{image.Repository}@sha256={image.ManifestDigest.Hex}");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "signature-1"), signature);
    }

    private static Task<PullImageResponse> PullAsync(GrpcClient client, string image, string? podNamespace = null) =>
        client.UnaryAsync(Images + "PullImage", new PullImageRequest
        {
            Image = new ImageSpec { Image = image },
            SandboxConfig = podNamespace is null ? null : new PodSandboxConfig { Metadata = new PodSandboxMetadata { Name = "pod", Namespace = podNamespace, Uid = Guid.NewGuid().ToString() } },
        }, PullImageResponse.Parser, TimeSpan.FromMinutes(2));
}
