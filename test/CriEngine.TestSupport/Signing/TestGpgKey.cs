using CriEngine.TestSupport.Registry;

namespace CriEngine.TestSupport.Signing;

/// <summary>
/// An OpenPGP key made by GnuPG in a GNUPGHOME of its own under a temporary directory (the
/// host's keyrings are never read), with its public keyring exported to a file, signing
/// images with skopeo's standalone-sign: the simple-signing format containers/image writes.
/// Dispose stops the gpg-agent the key's use started and removes the directory.
/// </summary>
public sealed class TestGpgKey : IDisposable
{
    private readonly TempDirectory _directory;

    private TestGpgKey(TempDirectory directory, string fingerprint)
    {
        _directory = directory;
        Fingerprint = fingerprint;
    }

    public string Fingerprint { get; }

    /// <summary>The public keyring (binary, as <c>gpg --export</c> writes it): what a policy's <c>keyPath</c> names.</summary>
    public string PublicKeyring => _directory.Combine("pubring.gpg");

    private string Home => _directory.Combine("gnupg");

    public static async Task<TestGpgKey> CreateAsync(string name = "CriEngine Test")
    {
        var directory = new TempDirectory("criengine-gpg");
        try
        {
            Directory.CreateDirectory(directory.Combine("gnupg"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var home = directory.Combine("gnupg");
            await Gpg(home, "--passphrase", "", "--quick-generate-key", $"{name} <test@criengine.invalid>", "rsa2048", "sign", "never");
            var listing = (await Gpg(home, "--with-colons", "--list-keys")).StandardOutputText;
            var fingerprint = listing.Split('\n').First(line => line.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
            var key = new TestGpgKey(directory, fingerprint);
            await File.WriteAllBytesAsync(key.PublicKeyring, (await Gpg(home, "--export", fingerprint)).StandardOutput);
            return key;
        }
        catch
        {
            await StopAgentAsync(directory.Combine("gnupg"));
            directory.Dispose();
            throw;
        }
    }

    /// <summary>A simple-signing signature of <paramref name="manifest"/> claiming <paramref name="dockerReference"/>, by skopeo standalone-sign.</summary>
    public async Task<byte[]> SignAsync(byte[] manifest, string dockerReference)
    {
        var manifestFile = _directory.Combine($"manifest-{Guid.NewGuid():N}.json");
        var signatureFile = manifestFile + ".sig";
        await File.WriteAllBytesAsync(manifestFile, manifest);
        await ExternalCommand.RunCheckedAsync("/usr/bin/env", [$"GNUPGHOME={Home}", "skopeo", "standalone-sign", manifestFile, dockerReference, Fingerprint, "--output", signatureFile]);
        return await File.ReadAllBytesAsync(signatureFile);
    }

    public void Dispose()
    {
        StopAgentAsync(Home).GetAwaiter().GetResult();
        _directory.Dispose();
    }

    private static Task<ExternalCommandResult> Gpg(string home, params string[] arguments) =>
        ExternalCommand.RunCheckedAsync("gpg", ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--no-tty", .. arguments]);

    private static Task StopAgentAsync(string home) =>
        Directory.Exists(home) ? ExternalCommand.RunAsync("gpgconf", ["--homedir", home, "--kill", "all"]) : Task.CompletedTask;
}
