using System.Net.Http.Headers;
using CriEngine.Images.References;
using CriEngine.TestSupport.Registry;

// The folder is TestRegistry/, but a namespace of that name would hide the TestRegistry type
// from every test in CriEngine.Images.Tests.*: these tests of the fixtures live in RegistryFixtures.
namespace CriEngine.Images.Tests.RegistryFixtures;

/// <summary>Plain registry API reads, as any client makes them, for checking what the fixtures stored.</summary>
internal static class RegistryHttp
{
    private static readonly string[] ManifestTypes =
    [
        TestMediaTypes.OciManifest, TestMediaTypes.OciIndex, TestMediaTypes.DockerManifest, TestMediaTypes.DockerManifestList,
    ];

    public static HttpRequestMessage ManifestRequest(string repository, string reference, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        foreach (var type in ManifestTypes)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        return request;
    }

    /// <summary>GETs a manifest; returns its body, Content-Type and Docker-Content-Digest.</summary>
    public static async Task<(byte[] Body, string? MediaType, string? Digest)> GetManifestAsync(HttpClient client, string repository, string reference)
    {
        using var request = ManifestRequest(repository, reference);
        using var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET manifest {repository}:{reference}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("Docker-Content-Digest", out var digest) ? digest.Single() : null);
    }

    public static async Task<byte[]> GetBlobAsync(HttpClient client, string repository, Digest digest)
    {
        using var response = await client.GetAsync($"/v2/{repository}/blobs/{digest}");
        Assert.That((int)response.StatusCode, Is.EqualTo(200), $"GET blob {digest}");
        return await response.Content.ReadAsByteArrayAsync();
    }
}
