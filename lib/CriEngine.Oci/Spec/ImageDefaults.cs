namespace CriEngine.Oci.Spec;

/// <summary>What a container takes from its image's config when the CRI request leaves it out.</summary>
public sealed record ImageDefaults
{
    /// <summary>"uid", "uid:gid", "name", "name:group", ...; empty means root.</summary>
    public string? User { get; init; }

    /// <summary>"NAME=value" entries.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> Entrypoint { get; init; } = [];

    public IReadOnlyList<string> Cmd { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary>Paths the image declares as volumes; created as directories in the rootfs (CRI-O's image_volumes = "mkdir").</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>"SIGTERM", "TERM", "15", ...; empty means SIGTERM.</summary>
    public string? StopSignal { get; init; }
}
