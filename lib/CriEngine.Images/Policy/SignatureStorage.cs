using System.Text.Json;
using System.Text.Json.Nodes;
using CriEngine.Images.References;
using CriEngine.Platform.Yaml;

namespace CriEngine.Images.Policy;

/// <summary>
/// Where an image's signatures are kept, from registries.d (containers-registries.d(5)): every
/// <c>*.yaml</c> file of the directory, with <c>default-docker</c> and per-scope <c>docker</c>
/// entries giving a <c>lookaside</c> URL (<c>sigstore</c> is its old name) for simple signing
/// and <c>use-sigstore-attachments</c> for sigstore signatures stored in the registry. Each
/// setting is looked up on its own, most specific scope first, then <c>default-docker</c>.
/// </summary>
public sealed class SignatureStorage
{
    /// <summary>Where containers/image reads registries.d when there is none under the home directory.</summary>
    public const string SystemDirectory = "/etc/containers/registries.d";

    /// <summary>The lookaside store when none is configured, for a process running as root (containers/image's default).</summary>
    public const string DefaultLookaside = "file:///var/lib/containers/sigstore";

    private readonly Entry? _default;
    private readonly Dictionary<string, Entry> _scopes;

    private SignatureStorage(Entry? defaultEntry, Dictionary<string, Entry> scopes)
    {
        _default = defaultEntry;
        _scopes = scopes;
    }

    /// <summary>Reads the directory's YAML files; a missing directory configures nothing.</summary>
    /// <exception cref="FormatException">A file is invalid, or two files configure the same scope; the message names the file.</exception>
    public static async Task<SignatureStorage> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        Entry? defaultEntry = null;
        string? defaultFile = null;
        var scopes = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var scopeFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
            return new SignatureStorage(null, scopes);
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            try
            {
                var root = YamlJson.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
                if (root is null)
                    continue;
                if (root is not JsonObject top)
                    throw new FormatException("expected a mapping");
                foreach (var (key, value) in top)
                {
                    switch (key)
                    {
                        case "default-docker":
                            if (defaultFile is not null)
                                throw new FormatException($"default-docker is configured in {defaultFile} already");
                            defaultEntry = ReadEntry(value, key);
                            defaultFile = file;
                            break;
                        case "docker":
                            if (value is null)
                                break;
                            if (value is not JsonObject docker)
                                throw new FormatException("docker: expected a mapping of scopes");
                            foreach (var (scope, entry) in docker)
                            {
                                if (scopeFiles.TryGetValue(scope, out var other))
                                    throw new FormatException($"docker scope \"{scope}\" is configured in {other} already");
                                scopes[scope] = ReadEntry(entry, $"docker[\"{scope}\"]");
                                scopeFiles[scope] = file;
                            }
                            break;
                        default:
                            throw new FormatException($"unknown key \"{key}\"");
                    }
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"registries.d file {file}: {e.Message}", e);
            }
        }
        return new SignatureStorage(defaultEntry, scopes);
    }

    /// <summary>The base URL of the lookaside store for <paramref name="reference"/>'s repository (<c>lookaside</c>, else <see cref="DefaultLookaside"/>), with the repository path appended.</summary>
    public Uri LookasideFor(ImageReference reference)
    {
        var configured = Lookup(reference, entry => entry.Lookaside) ?? DefaultLookaside;
        return new Uri(configured.TrimEnd('/') + "/" + reference.Repository);
    }

    /// <summary>Whether sigstore signatures are read from the registry (the <c>sha256-…​.sig</c> tag beside the image).</summary>
    public bool UsesSigstoreAttachments(ImageReference reference) => Lookup(reference, entry => entry.UseSigstoreAttachments) ?? false;

    private T? Lookup<T>(ImageReference reference, Func<Entry, T?> setting)
    {
        foreach (var scope in PolicyScopes.Of(reference))
        {
            if (_scopes.TryGetValue(scope, out var entry) && setting(entry) is { } value)
                return value;
        }
        return _default is { } fallback ? setting(fallback) : default;
    }

    private static Entry ReadEntry(JsonNode? node, string path)
    {
        if (node is null)
            return new Entry(null, null);
        if (node is not JsonObject entry)
            throw new FormatException($"{path}: expected a mapping");
        string? lookaside = null;
        string? oldName = null;
        bool? attachments = null;
        foreach (var (key, value) in entry)
        {
            switch (key)
            {
                case "lookaside":
                    lookaside = Url(value, $"{path}.{key}");
                    break;
                case "sigstore":
                    oldName = Url(value, $"{path}.{key}");
                    break;
                case "lookaside-staging" or "sigstore-staging":
                    // Where signatures are written; a pull only reads.
                    break;
                case "use-sigstore-attachments":
                    attachments = value is JsonValue flag && flag.TryGetValue<bool>(out var set) ? set : throw new FormatException($"{path}.{key}: expected true or false");
                    break;
                default:
                    throw new FormatException($"{path}: unknown key \"{key}\"");
            }
        }
        return new Entry(lookaside ?? oldName, attachments);
    }

    private static string? Url(JsonNode? value, string path)
    {
        if (value is null)
            return null;
        if (value.GetValueKind() != JsonValueKind.String)
            throw new FormatException($"{path}: expected a URL");
        var text = value.GetValue<string>();
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "file" or "http" or "https"
            ? text
            : throw new FormatException($"{path}: \"{text}\" is no file, http or https URL");
    }

    private sealed record Entry(string? Lookaside, bool? UseSigstoreAttachments);
}
