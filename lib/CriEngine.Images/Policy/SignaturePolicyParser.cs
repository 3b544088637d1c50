using System.Text.Json;

namespace CriEngine.Images.Policy;

/// <summary>
/// Reads policy.json as strictly as containers/image does: unknown, missing or mistyped fields
/// make the whole policy invalid rather than silently weaker.
/// </summary>
internal static class SignaturePolicyParser
{
    public static SignaturePolicy Parse(string path, byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            Object(root, "the policy", "default", "transports");
            var defaults = Requirements(Required(root, "default", "default"), "default");
            var docker = new Dictionary<string, IReadOnlyList<PolicyRequirement>>(StringComparer.Ordinal);
            if (root.TryGetProperty("transports", out var transports))
            {
                foreach (var transport in Object(transports, "transports"))
                {
                    foreach (var scope in Object(transport.Value, $"transports.{transport.Name}"))
                    {
                        var requirements = Requirements(scope.Value, $"transports.{transport.Name}[\"{scope.Name}\"]");
                        if (transport.Name == "docker")
                            docker[ValidScope(scope.Name)] = requirements;
                    }
                }
            }
            return new SignaturePolicy(path, defaults, docker);
        }
        catch (JsonException e)
        {
            throw new FormatException($"signature policy {path}: {e.Message}", e);
        }
        catch (FormatException e)
        {
            throw new FormatException($"signature policy {path}: {e.Message}", e);
        }
    }

    private static string ValidScope(string scope)
    {
        if (scope.Contains("://", StringComparison.Ordinal) || scope.StartsWith('/') || scope.EndsWith('/') || scope.Contains(' ', StringComparison.Ordinal))
            throw new FormatException($"transports.docker: scope \"{scope}\" is no host, repository or reference");
        return scope;
    }

    private static List<PolicyRequirement> Requirements(JsonElement list, string path)
    {
        if (list.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{path}: expected a list of requirements");
        if (list.GetArrayLength() == 0)
            throw new FormatException($"{path}: no requirements (a scope must list at least one)");
        return [.. list.EnumerateArray().Select((item, i) => Requirement(item, $"{path}[{i}]"))];
    }

    private static PolicyRequirement Requirement(JsonElement item, string path)
    {
        if (item.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{path}: expected an object");
        var type = String(Required(item, "type", path), $"{path}.type");
        switch (type)
        {
            case "insecureAcceptAnything":
                Object(item, path, "type");
                return new InsecureAcceptAnything();
            case "reject":
                Object(item, path, "type");
                return new RejectRequirement();
            case "signedBy":
                Object(item, path, "type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity");
                if (String(Required(item, "keyType", path), $"{path}.keyType") != "GPGKeys")
                    throw new FormatException($"{path}.keyType: only \"GPGKeys\" is supported");
                return new SignedByRequirement(Keys(item, path, "keyData"), Identity(item, path));
            case "sigstoreSigned":
                Object(item, path, "type", "keyPath", "keyPaths", "keyData", "keyDatas", "fulcio", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas", "pki", "signedIdentity");
                foreach (var unsupported in new[] { "fulcio", "pki", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas" })
                {
                    if (item.TryGetProperty(unsupported, out _))
                        throw new FormatException($"{path}.{unsupported}: Fulcio certificates and Rekor are not supported; trust public keys (keyPath, keyPaths, keyData, keyDatas)");
                }
                return new SigstoreSignedRequirement(Keys(item, path, "keyData", "keyDatas"), Identity(item, path));
            default:
                throw new FormatException($"{path}.type: unknown requirement \"{type}\"");
        }
    }

    private static PolicyKeys Keys(JsonElement item, string path, params string[] dataFields)
    {
        var paths = new List<string>();
        var data = new List<byte[]>();
        var given = 0;
        if (item.TryGetProperty("keyPath", out var keyPath))
        {
            paths.Add(String(keyPath, $"{path}.keyPath"));
            given++;
        }
        if (item.TryGetProperty("keyPaths", out var keyPaths))
        {
            paths.AddRange(Strings(keyPaths, $"{path}.keyPaths"));
            given++;
        }
        foreach (var field in dataFields)
        {
            if (!item.TryGetProperty(field, out var value))
                continue;
            var texts = field.EndsWith('s') ? Strings(value, $"{path}.{field}") : [String(value, $"{path}.{field}")];
            data.AddRange(texts.Select(text => Base64(text, $"{path}.{field}")));
            given++;
        }
        if (given != 1)
            throw new FormatException($"{path}: exactly one of keyPath, keyPaths, {string.Join(", ", dataFields)} must be given");
        if (paths.FirstOrDefault(p => !System.IO.Path.IsPathRooted(p)) is { } relative)
            throw new FormatException($"{path}: key path \"{relative}\" is not absolute");
        return new PolicyKeys(paths, data);
    }

    private static SignedIdentity Identity(JsonElement item, string path)
    {
        if (!item.TryGetProperty("signedIdentity", out var identity))
            return SignedIdentity.Default;
        path += ".signedIdentity";
        if (identity.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{path}: expected an object");
        var type = String(Required(identity, "type", path), $"{path}.type");
        switch (type)
        {
            case "matchRepoDigestOrExact" or "matchExact" or "matchRepository":
                Object(identity, path, "type");
                return new SignedIdentity(type switch
                {
                    "matchExact" => SignedIdentityKind.MatchExact,
                    "matchRepository" => SignedIdentityKind.MatchRepository,
                    _ => SignedIdentityKind.MatchRepoDigestOrExact,
                });
            case "exactReference":
                Object(identity, path, "type", "dockerReference");
                return new SignedIdentity(SignedIdentityKind.ExactReference, Reference(identity, "dockerReference", path));
            case "exactRepository":
                Object(identity, path, "type", "dockerRepository");
                return new SignedIdentity(SignedIdentityKind.ExactRepository, Reference(identity, "dockerRepository", path));
            case "remapIdentity":
                Object(identity, path, "type", "prefix", "signedPrefix");
                return new SignedIdentity(SignedIdentityKind.RemapIdentity, Prefix: Reference(identity, "prefix", path), SignedPrefix: Reference(identity, "signedPrefix", path));
            default:
                throw new FormatException($"{path}.type: unknown signedIdentity \"{type}\"");
        }
    }

    private static string Reference(JsonElement identity, string field, string path)
    {
        var value = String(Required(identity, field, path), $"{path}.{field}");
        return value.Length > 0 ? value : throw new FormatException($"{path}.{field}: empty");
    }

    /// <summary>The object's properties, after checking it names only <paramref name="allowed"/> ones (none checked when empty) and none twice.</summary>
    private static List<JsonProperty> Object(JsonElement element, string path, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{path}: expected an object");
        var properties = element.EnumerateObject().ToList();
        foreach (var property in properties.Where(p => allowed.Length > 0 && !allowed.Contains(p.Name)))
            throw new FormatException($"{path}: unknown field \"{property.Name}\"");
        if (properties.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new FormatException($"{path}: field \"{twice.Key}\" given twice");
        return properties;
    }

    private static JsonElement Required(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) ? value : throw new FormatException($"{path}: \"{name}\" is missing");

    private static string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new FormatException($"{path}: expected a string");

    private static List<string> Strings(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select((item, i) => String(item, $"{path}[{i}]"))] : throw new FormatException($"{path}: expected a list of strings");

    private static byte[] Base64(string text, string path)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{path}: not base64");
        }
    }
}
