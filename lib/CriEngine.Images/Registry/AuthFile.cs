using System.Text.Json;
using CriEngine.Grpc;

namespace CriEngine.Images.Registry;

/// <summary>
/// Credentials from a containers-auth.json(5) file (<c>{"auths": {"HOST[/PATH]": {"auth": "base64"}}}</c>,
/// also Docker's config.json). Lookup follows containers/image: the most specific key first
/// (<c>host/ns/repo</c>, <c>host/ns</c>, <c>host</c>), then keys written as URLs
/// (<c>https://host/v1/</c>) and Docker Hub's aliases.
/// </summary>
public sealed class AuthFile
{
    private readonly IReadOnlyDictionary<string, RegistryCredentials?> entries;

    private AuthFile(string path, IReadOnlyDictionary<string, RegistryCredentials?> entries)
    {
        Path = path;
        this.entries = entries;
    }

    public string Path { get; }

    /// <summary>Reads the file; a missing file gives no credentials.</summary>
    /// <exception cref="RpcException">InvalidArgument naming the file when it cannot be read or is not an auth file.</exception>
    public static async Task<AuthFile> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new AuthFile(path, new Dictionary<string, RegistryCredentials?>());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Malformed(path, $"cannot be read: {e.Message}");
        }
        return Parse(path, content);
    }

    /// <exception cref="RpcException">InvalidArgument naming <paramref name="path"/>.</exception>
    public static AuthFile Parse(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            var reader = new Utf8JsonReader(content);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Malformed(path, "expected a JSON object");
            var entries = new Dictionary<string, RegistryCredentials?>(StringComparer.Ordinal);
            if (!root.TryGetProperty("auths", out var auths) || auths.ValueKind == JsonValueKind.Null)
                return new AuthFile(path, entries);
            if (auths.ValueKind != JsonValueKind.Object)
                throw Malformed(path, "auths: expected an object");
            foreach (var entry in auths.EnumerateObject())
                entries[entry.Name] = ReadEntry(path, entry);
            return new AuthFile(path, entries);
        }
        catch (JsonException e)
        {
            throw Malformed(path, $"not valid JSON: {e.Message}");
        }
    }

    /// <summary>The credentials for <paramref name="registry"/> (<c>host[:port]</c>) and a repository in it, or null.</summary>
    public RegistryCredentials? Lookup(string registry, string repository)
    {
        for (var key = $"{registry}/{repository}"; ; key = key[..key.LastIndexOf('/')])
        {
            if (entries.TryGetValue(key, out var exact))
                return exact;
            if (!key.Contains('/'))
                break;
        }
        var normalized = NormalizeRegistry(registry);
        foreach (var (key, credentials) in entries)
            if (NormalizeRegistry(key) == normalized)
                return credentials;
        return null;
    }

    private static RegistryCredentials? ReadEntry(string path, JsonProperty entry)
    {
        if (entry.Value.ValueKind != JsonValueKind.Object)
            throw Malformed(path, $"auths.{entry.Name}: expected an object");
        var auth = StringField(path, entry, "auth");
        var identityToken = StringField(path, entry, "identitytoken");
        if (string.IsNullOrEmpty(auth))
            return string.IsNullOrEmpty(identityToken) ? null : new RegistryCredentials(null, null, identityToken);
        try
        {
            return RegistryCredentials.FromAuthField(auth, identityToken);
        }
        catch (RpcException)
        {
            throw Malformed(path, $"auths.{entry.Name}.auth: not base64");
        }
    }

    private static string? StringField(string path, JsonProperty entry, string name)
    {
        if (!entry.Value.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Malformed(path, $"auths.{entry.Name}.{name}: expected a string");
    }

    /// <summary>
    /// A registry key as a bare host: URL keys (<c>https://host/v1/</c>, as old Docker wrote them) lose
    /// scheme and path, and Docker Hub's names become one. Keys with a repository path stay as they are.
    /// </summary>
    private static string NormalizeRegistry(string key)
    {
        var host = key;
        if (host.StartsWith("http://", StringComparison.Ordinal) || host.StartsWith("https://", StringComparison.Ordinal))
        {
            host = host[(host.IndexOf("//", StringComparison.Ordinal) + 2)..];
            var slash = host.IndexOf('/');
            if (slash >= 0)
                host = host[..slash];
        }
        return host is "registry-1.docker.io" or "index.docker.io" ? "docker.io" : host;
    }

    private static RpcException Malformed(string path, string problem) => new(StatusCode.InvalidArgument, $"auth file {path}: {problem}");
}
