using System.Text.Json;

namespace CriEngine.Images.Policy;

/// <summary>
/// The signed claim of a simple-signing or cosign signature:
/// <c>{"critical": {"type": …, "image": {"docker-manifest-digest": …}, "identity": {"docker-reference": …}}, "optional": {…}}</c>.
/// The critical part is read strictly (containers/image refuses any other field there): a
/// verifier that skipped a critical field it did not understand would accept what it should not.
/// </summary>
internal sealed record SignaturePayload(string ManifestDigest, string DockerReference)
{
    public const string SimpleSigningType = "atomic container signature";

    public const string CosignType = "cosign container image signature";

    public static SignaturePayload Parse(ReadOnlySpan<byte> content, string expectedType)
    {
        try
        {
            using var document = JsonDocument.Parse(content.ToArray());
            var root = Exactly(document.RootElement, "the payload", ["critical"], ["optional"]);
            var critical = Exactly(root["critical"], "critical", ["type", "image", "identity"], []);
            var type = Text(critical["type"], "critical.type");
            if (type != expectedType)
                throw new SignatureRejectedException($"the payload's type is \"{type}\", not \"{expectedType}\"");
            var image = Exactly(critical["image"], "critical.image", ["docker-manifest-digest"], []);
            var identity = Exactly(critical["identity"], "critical.identity", ["docker-reference"], []);
            return new SignaturePayload(Text(image["docker-manifest-digest"], "critical.image.docker-manifest-digest"), Text(identity["docker-reference"], "critical.identity.docker-reference"));
        }
        catch (JsonException e)
        {
            throw new SignatureRejectedException($"the signed payload is no JSON: {e.Message}");
        }
    }

    private static Dictionary<string, JsonElement> Exactly(JsonElement element, string path, string[] required, string[] optional)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new SignatureRejectedException($"the payload's {path} is not an object");
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!required.Contains(property.Name) && !optional.Contains(property.Name))
                throw new SignatureRejectedException($"the payload's {path} has an unknown field \"{property.Name}\"");
            if (!fields.TryAdd(property.Name, property.Value))
                throw new SignatureRejectedException($"the payload's {path} has \"{property.Name}\" twice");
        }
        if (required.FirstOrDefault(name => !fields.ContainsKey(name)) is { } missing)
            throw new SignatureRejectedException($"the payload's {path} lacks \"{missing}\"");
        return fields;
    }

    private static string Text(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : throw new SignatureRejectedException($"the payload's {path} is not a string");
}
