using System.Text.Json.Nodes;
using CriEngine.Images.References;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// The image configuration a test image carries (OCI image spec, "Image Configuration"; the
/// Docker config has the same fields). Null or empty fields are left out of the JSON.
/// </summary>
public sealed record TestImageConfig
{
    /// <summary>This machine's architecture in Go's spelling: the busybox layer runs here.</summary>
    public static string HostArchitecture { get; } = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        var other => other.ToString().ToLowerInvariant(),
    };

    public string Architecture { get; init; } = HostArchitecture;

    public string Os { get; init; } = "linux";

    public string? Variant { get; init; }

    public DateTimeOffset Created { get; init; } = TestLayerEntry.DefaultTime;

    public string? User { get; init; }

    public IReadOnlyList<string> Env { get; init; } = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"];

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public string? WorkingDir { get; init; }

    /// <summary>Paths, e.g. <c>/data</c>.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>Ports with their protocol, e.g. <c>8080/tcp</c>.</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public string? StopSignal { get; init; }

    /// <summary>The config JSON for layers whose diff IDs are <paramref name="diffIds"/>.</summary>
    public byte[] ToJson(IEnumerable<Digest> diffIds)
    {
        var config = new JsonObject();
        if (User is not null)
            config["User"] = User;
        if (ExposedPorts.Count > 0)
            config["ExposedPorts"] = Set(ExposedPorts);
        if (Env.Count > 0)
            config["Env"] = Strings(Env);
        if (Entrypoint is not null)
            config["Entrypoint"] = Strings(Entrypoint);
        if (Cmd is not null)
            config["Cmd"] = Strings(Cmd);
        if (Volumes.Count > 0)
            config["Volumes"] = Set(Volumes);
        if (WorkingDir is not null)
            config["WorkingDir"] = WorkingDir;
        if (Labels.Count > 0)
            config["Labels"] = new JsonObject(Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
        if (StopSignal is not null)
            config["StopSignal"] = StopSignal;

        var image = new JsonObject
        {
            ["created"] = Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["architecture"] = Architecture,
            ["os"] = Os,
        };
        if (Variant is not null)
            image["variant"] = Variant;
        image["config"] = config;
        image["rootfs"] = new JsonObject
        {
            ["type"] = "layers",
            ["diff_ids"] = Strings(diffIds.Select(d => d.ToString())),
        };
        return JsonBytes.Of(image);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static JsonObject Set(IEnumerable<string> keys) => new(keys.Select(k => KeyValuePair.Create(k, (JsonNode?)new JsonObject())));
}
