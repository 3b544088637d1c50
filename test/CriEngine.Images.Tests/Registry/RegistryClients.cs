using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Tests.Registry;

/// <summary>Registry clients as the tests use them: short backoff, debug log lines in the test output.</summary>
internal static class RegistryClients
{
    public static RegistryClient Create(string certsDirectory, int retryCount = 3) => new(
        new RegistryClientOptions
        {
            CertsDirectory = certsDirectory,
            RetryCount = retryCount,
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(20),
            ReadTimeout = TimeSpan.FromSeconds(20),
        },
        new TestLogger(LogLevel.Debug));

    public static async Task<byte[]> ReadBlobAsync(
        this RegistryClient client, RegistryEndpoint endpoint, string repository, Digest digest, long size, RegistryCredentials? credentials = null)
    {
        await using var blob = await client.OpenBlobAsync(endpoint, repository, digest, size, credentials, CancellationToken.None);
        var copy = new MemoryStream();
        await blob.CopyToAsync(copy);
        return copy.ToArray();
    }
}
