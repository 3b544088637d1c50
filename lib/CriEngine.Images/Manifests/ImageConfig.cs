using System.Globalization;
using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Images.References;

namespace CriEngine.Images.Manifests;

/// <summary>
/// An image's config blob (OCI image spec, "Image Configuration"): what it runs on, the execution
/// defaults, and the digests of the uncompressed layers. <see cref="Raw"/> keeps the exact bytes,
/// whose digest is the image ID.
/// </summary>
public sealed record ImageConfig(
    string Architecture,
    string Os,
    string? Variant,
    DateTimeOffset? Created,
    string? Author,
    ImageExecutionConfig Config,
    IReadOnlyList<Digest> DiffIds,
    byte[] Raw)
{
    private const string Document = "image config";

    /// <exception cref="RpcException">InvalidArgument naming the field that is missing or malformed.</exception>
    public static ImageConfig Parse(byte[] raw)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{Document} is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            var fields = new JsonFields(Document);
            if (root.ValueKind != JsonValueKind.Object)
                throw fields.Invalid("$", "expected a JSON object");
            return new ImageConfig(
                fields.RequiredString(root, "architecture", "architecture"),
                fields.RequiredString(root, "os", "os"),
                fields.OptionalString(root, "variant", "variant"),
                ParseCreated(fields, fields.OptionalString(root, "created", "created")),
                fields.OptionalString(root, "author", "author"),
                ReadExecution(fields, root),
                ReadDiffIds(fields, root),
                raw);
        }
    }

    private static ImageExecutionConfig ReadExecution(JsonFields fields, JsonElement root)
    {
        if (fields.Optional(root, "config", "config", JsonValueKind.Object) is not { } config)
            return new ImageExecutionConfig("", [], [], [], "", [], new Dictionary<string, string>(), "", []);
        return new ImageExecutionConfig(
            fields.OptionalString(config, "User", "config.User") ?? "",
            fields.OptionalStrings(config, "Env", "config.Env") ?? [],
            fields.OptionalStrings(config, "Entrypoint", "config.Entrypoint") ?? [],
            fields.OptionalStrings(config, "Cmd", "config.Cmd") ?? [],
            fields.OptionalString(config, "WorkingDir", "config.WorkingDir") ?? "",
            fields.OptionalKeys(config, "Volumes", "config.Volumes") ?? [],
            fields.OptionalStringMap(config, "Labels", "config.Labels") ?? new Dictionary<string, string>(),
            fields.OptionalString(config, "StopSignal", "config.StopSignal") ?? "",
            fields.OptionalKeys(config, "ExposedPorts", "config.ExposedPorts") ?? []);
    }

    private static IReadOnlyList<Digest> ReadDiffIds(JsonFields fields, JsonElement root)
    {
        var rootfs = fields.Required(root, "rootfs", "rootfs", JsonValueKind.Object);
        var type = fields.RequiredString(rootfs, "type", "rootfs.type");
        if (type != "layers")
            throw fields.Invalid("rootfs.type", $"\"{type}\" is not \"layers\"");
        var texts = fields.OptionalStrings(rootfs, "diff_ids", "rootfs.diff_ids") ?? throw fields.Invalid("rootfs.diff_ids", "missing");
        return texts.Select((text, i) => Digest.TryParse(text, out var digest)
            ? digest
            : throw fields.Invalid($"rootfs.diff_ids[{i}]", $"invalid digest \"{text}\"")).ToList();
    }

    /// <summary>
    /// RFC 3339 as Go writes it, which may carry nanoseconds: .NET parses at most seven fraction
    /// digits, so the rest is dropped first.
    /// </summary>
    private static DateTimeOffset? ParseCreated(JsonFields fields, string? text)
    {
        if (text is null)
            return null;
        var trimmed = text;
        var dot = text.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
                end++;
            if (end - dot - 1 > 7)
                trimmed = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var created)
            ? created
            : throw fields.Invalid("created", $"invalid time \"{text}\"");
    }
}
