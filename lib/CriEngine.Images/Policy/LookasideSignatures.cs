using System.Net;
using CriEngine.Images.References;

namespace CriEngine.Images.Policy;

/// <summary>
/// Reads simple-signing signatures from a lookaside store, as containers/image lays it out:
/// <c>BASE/REPOSITORY@sha256=HEX/signature-1</c>, <c>signature-2</c>, … until one is missing;
/// <c>file:</c> URLs read the file system, <c>http(s):</c> URLs are fetched.
/// </summary>
internal static class LookasideSignatures
{
    // containers/image's limits: a signature is small, and a store cannot make a pull read forever.
    private const int MaxSignatures = 128;
    private const int MaxSignatureBytes = 4 << 20;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<IReadOnlyList<byte[]>> ReadAsync(Uri repositoryBase, Digest manifest, CancellationToken cancellationToken)
    {
        var signatures = new List<byte[]>();
        for (var i = 1; i <= MaxSignatures; i++)
        {
            var url = new Uri($"{repositoryBase.AbsoluteUri}@{manifest.Algorithm}={manifest.Hex}/signature-{i}");
            var signature = url.IsFile ? await ReadFileAsync(url.LocalPath, cancellationToken).ConfigureAwait(false) : await FetchAsync(url, cancellationToken).ConfigureAwait(false);
            if (signature is null)
                break;
            signatures.Add(signature);
        }
        return signatures;
    }

    private static async Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (new FileInfo(path).Length > MaxSignatureBytes)
                throw new IOException($"lookaside signature {path} is over {MaxSignatureBytes} bytes");
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static async Task<byte[]?> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        if (!response.IsSuccessStatusCode)
            throw new IOException($"lookaside signature {url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        if (response.Content.Headers.ContentLength > MaxSignatureBytes)
            throw new IOException($"lookaside signature {url} is over {MaxSignatureBytes} bytes");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}
