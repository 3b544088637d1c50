using System.Text.Json.Serialization;

namespace CriEngine.Oci.Spec;

/// <summary>The hooks of a container by lifecycle stage (runtime-spec config.md "POSIX-platform Hooks").</summary>
public sealed record OciHooks
{
    /// <summary>The stage names of the runtime spec and of oci-hooks(5), in lifecycle order.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"];

    [JsonPropertyName("prestart")]
    public IReadOnlyList<OciHook>? Prestart { get; init; }

    [JsonPropertyName("createRuntime")]
    public IReadOnlyList<OciHook>? CreateRuntime { get; init; }

    [JsonPropertyName("createContainer")]
    public IReadOnlyList<OciHook>? CreateContainer { get; init; }

    [JsonPropertyName("startContainer")]
    public IReadOnlyList<OciHook>? StartContainer { get; init; }

    [JsonPropertyName("poststart")]
    public IReadOnlyList<OciHook>? Poststart { get; init; }

    [JsonPropertyName("poststop")]
    public IReadOnlyList<OciHook>? Poststop { get; init; }

    /// <summary>These hooks with <paramref name="hook"/> appended to <paramref name="stage"/>, one of <see cref="Stages"/>.</summary>
    public OciHooks Add(string stage, OciHook hook) => stage switch
    {
        "prestart" => this with { Prestart = [.. Prestart ?? [], hook] },
        "createRuntime" => this with { CreateRuntime = [.. CreateRuntime ?? [], hook] },
        "createContainer" => this with { CreateContainer = [.. CreateContainer ?? [], hook] },
        "startContainer" => this with { StartContainer = [.. StartContainer ?? [], hook] },
        "poststart" => this with { Poststart = [.. Poststart ?? [], hook] },
        "poststop" => this with { Poststop = [.. Poststop ?? [], hook] },
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "not a hook stage"),
    };
}
