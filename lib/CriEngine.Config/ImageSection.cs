namespace CriEngine.Config;

/// <summary><c>[crio.image]</c>: pulling images and the infra (pause) container.</summary>
public sealed record ImageSection
{
    internal ImageSection()
    {
    }

    public string DefaultTransport { get; init; } = "";

    public string GlobalAuthFile { get; init; } = "";

    public string NamespacedAuthDir { get; init; } = "";

    public string PauseImage { get; init; } = "";

    public string PauseImageAuthFile { get; init; } = "";

    public string PauseCommand { get; init; } = "";

    public ValueList<string> PinnedImages { get; init; } = ValueList<string>.Empty;

    public string SignaturePolicy { get; init; } = "";

    public string SignaturePolicyDir { get; init; } = "";

    public ValueList<string> InsecureRegistries { get; init; } = ValueList<string>.Empty;

    public ValueList<string> AdditionalArtifactStores { get; init; } = ValueList<string>.Empty;

    /// <summary>CRI-O's deprecated search list for short names, searched before registries.conf's.</summary>
    public ValueList<string> Registries { get; init; } = ValueList<string>.Empty;

    public string ImageVolumes { get; init; } = "";

    public string BigFilesTemporaryDir { get; init; } = "";

    public bool AutoReloadRegistries { get; init; }

    public TimeSpan PullProgressTimeout { get; init; }

    public bool OciArtifactMountSupport { get; init; }

    public string ShortNameMode { get; init; } = "";
}
