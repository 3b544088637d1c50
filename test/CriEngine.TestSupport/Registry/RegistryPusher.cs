using System.Net;
using System.Net.Http.Headers;
using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// Pushes through the registry HTTP API (distribution spec, "Pushing"): a blob by a
/// monolithic upload (POST, then PUT with the digest) unless the registry has it; a manifest
/// by PUT with its media type as Content-Type.
/// </summary>
internal sealed class RegistryPusher(HttpClient client, string host)
{
    public async Task<PushedImage> PushImageAsync(string repository, string tag, TestImage image, Digest? indexDigest = null)
    {
        await PushContentAsync(repository, image);
        await PushManifestAsync(repository, tag, image.Manifest, image.ManifestMediaType);
        return Pushed(repository, tag, image, indexDigest);
    }

    public async Task<PushedIndex> PushIndexAsync(string repository, string tag, TestImageIndex index)
    {
        foreach (var image in index.Images)
        {
            await PushContentAsync(repository, image);
            await PushManifestAsync(repository, image.ManifestDigest.ToString(), image.Manifest, image.ManifestMediaType);
        }
        await PushManifestAsync(repository, tag, index.Manifest, index.MediaType);
        return new PushedIndex(host, repository, tag, index.Digest, index.MediaType, index.Manifest.Length,
            [.. index.Images.Select(image => Pushed(repository, tag, image, index.Digest))]);
    }

    public async Task<Digest> PushBlobAsync(string repository, ReadOnlyMemory<byte> content)
    {
        var digest = Digest.Of(content.Span);
        using (var head = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}"))
        using (var exists = await client.SendAsync(head))
        {
            if (exists.StatusCode == HttpStatusCode.OK)
                return digest;
        }

        Uri location;
        using (var start = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/"))
        using (var started = await client.SendAsync(start))
        {
            await EnsureAsync(started, HttpStatusCode.Accepted, $"blob upload to {repository}");
            location = new Uri(started.RequestMessage!.RequestUri!, started.Headers.Location ?? throw new InvalidOperationException($"blob upload to {repository}: no Location"));
        }

        var put = new UriBuilder(location);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        using var upload = new HttpRequestMessage(HttpMethod.Put, put.Uri) { Content = new ReadOnlyMemoryContent(content) };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var uploaded = await client.SendAsync(upload);
        await EnsureAsync(uploaded, HttpStatusCode.Created, $"blob {digest} to {repository}");
        return digest;
    }

    public async Task<Digest> PushManifestAsync(string repository, string reference, byte[] body, string mediaType)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}") { Content = new ByteArrayContent(body) };
        put.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        using var response = await client.SendAsync(put);
        await EnsureAsync(response, HttpStatusCode.Created, $"manifest {repository}:{reference} ({mediaType})");
        var digest = Digest.Of(body);
        var stored = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
        if (stored != digest.ToString())
            throw new InvalidOperationException($"manifest {repository}:{reference}: the registry stored {stored}, not {digest}");
        return digest;
    }

    private async Task PushContentAsync(string repository, TestImage image)
    {
        foreach (var layer in image.Layers)
        {
            var stored = await PushBlobAsync(repository, layer.Blob);
            if (stored != layer.Digest)
                throw new InvalidOperationException($"layer of {repository}: its manifest says {layer.Digest} but its blob is {stored}; a lying digest cannot be pushed to a registry that checks it");
        }
        await PushBlobAsync(repository, image.ConfigJson);
    }

    private PushedImage Pushed(string repository, string tag, TestImage image, Digest? indexDigest) => new(
        host, repository, tag, image.ManifestDigest, image.ManifestMediaType, image.Manifest.Length, image.ConfigDigest, image.ConfigJson.Length,
        [.. image.Layers.Select(l => new PushedLayer(l.Digest, l.DiffId, l.Size, l.MediaTypeIn(image.Format)))], indexDigest, image);

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"push of {what}: the registry answered {(int)response.StatusCode} {response.ReasonPhrase}: {await response.Content.ReadAsStringAsync()}");
    }
}
