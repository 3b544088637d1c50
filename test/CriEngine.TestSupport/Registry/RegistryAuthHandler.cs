using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// Answers a registry's 401 challenge the way a client does: <c>Basic</c> with the registry's
/// credentials; <c>Bearer realm=…,service=…,scope=…</c> with a token fetched from the realm
/// (carrying the token server's credentials, if any). The answer is then sent first on the
/// next requests for the same repository. Request bodies must be buffered (they may be sent twice).
/// </summary>
internal sealed partial class RegistryAuthHandler(HttpMessageHandler inner, TestCredentials? registryCredentials, TestCredentials? tokenCredentials)
    : DelegatingHandler(inner)
{
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _byRepository = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var repository = Repository(request.RequestUri!);
        if (request.Headers.Authorization is null && _byRepository.TryGetValue(repository, out var known))
            request.Headers.Authorization = known;
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;

        var answer = await AnswerAsync(response.Headers.WwwAuthenticate, cancellationToken);
        if (answer is null)
            return response;
        response.Dispose();
        _byRepository[repository] = answer;
        request.Headers.Authorization = answer;
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<AuthenticationHeaderValue?> AnswerAsync(HttpHeaderValueCollection<AuthenticationHeaderValue> challenges, CancellationToken cancellationToken)
    {
        foreach (var challenge in challenges)
        {
            if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && registryCredentials is not null)
                return new AuthenticationHeaderValue("Basic", registryCredentials.BasicParameter);
            if (challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                return new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(Parameters(challenge.Parameter ?? ""), cancellationToken));
        }
        return null;
    }

    private async Task<string> FetchTokenAsync(Dictionary<string, string> challenge, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.TryGetValue("service", out var service))
            query.Add("service=" + Uri.EscapeDataString(service));
        if (challenge.TryGetValue("scope", out var scope))
            query.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => "scope=" + Uri.EscapeDataString(s)));
        var realm = new UriBuilder(challenge["realm"]) { Query = string.Join('&', query) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, realm);
        if (tokenCredentials is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", tokenCredentials.BasicParameter);
        using var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"token server {realm}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("token", out var token) ? token.GetString()! : json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static Dictionary<string, string> Parameters(string parameter) =>
        ChallengeParameter().Matches(parameter).ToDictionary(m => m.Groups["key"].Value.ToLowerInvariant(), m => m.Groups["value"].Value);

    /// <summary>The repository of a <c>/v2/NAME/(blobs|manifests|tags)/…</c> path; "" for others.</summary>
    private static string Repository(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
            return "";
        foreach (var kind in (string[])["/blobs/", "/manifests/", "/tags/"])
        {
            var at = path.LastIndexOf(kind, StringComparison.Ordinal);
            if (at > 4)
                return path[4..at];
        }
        return "";
    }

    [GeneratedRegex("""(?<key>\w+)="(?<value>[^"]*)"|(?<key>\w+)=(?<value>[^,\s]+)""")]
    private static partial Regex ChallengeParameter();
}
