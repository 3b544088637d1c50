namespace CriEngine.Config;

/// <summary>The keys of the <c>[crio]</c> table itself.</summary>
public sealed record CrioSection
{
    internal CrioSection()
    {
    }

    public string Root { get; init; } = "";

    public string RunRoot { get; init; } = "";

    public string ImageStore { get; init; } = "";

    public string StorageDriver { get; init; } = "";

    public ValueList<string> StorageOptions { get; init; } = ValueList<string>.Empty;

    public string LogDir { get; init; } = "";

    public string VersionFile { get; init; } = "";

    public string VersionFilePersist { get; init; } = "";

    public string CleanShutdownFile { get; init; } = "";

    public bool InternalWipe { get; init; }

    public bool InternalRepair { get; init; }
}
