using System.Net.Http.Headers;

namespace CriEngine.Images.Registry;

/// <summary>
/// One request to make, kept as data so it can be sent again: after a redirect, with a token after
/// a 401, on a retry, or from an offset to resume.
/// </summary>
/// <param name="Target">A path on the registry (<c>/v2/…</c>), or an absolute URL (a token realm).</param>
internal sealed record RegistryRequest(HttpMethod Method, string Target)
{
    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary>When above zero, only the bytes from here on are asked for (<c>Range: bytes=N-</c>).</summary>
    public long RangeStart { get; init; }

    public AuthenticationHeaderValue? Authorization { get; init; }

    public IReadOnlyDictionary<string, string>? Form { get; init; }

    public bool IsAbsolute => Target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || Target.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
