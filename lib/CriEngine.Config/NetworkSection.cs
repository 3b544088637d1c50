namespace CriEngine.Config;

/// <summary><c>[crio.network]</c>: CNI.</summary>
public sealed record NetworkSection
{
    internal NetworkSection()
    {
    }

    public string CniDefaultNetwork { get; init; } = "";

    public string NetworkDir { get; init; } = "";

    /// <summary>Deprecated in CRI-O in favour of <see cref="PluginDirs"/>.</summary>
    public string PluginDir { get; init; } = "";

    public ValueList<string> PluginDirs { get; init; } = ValueList<string>.Empty;

    public TimeSpan CniStatusGracePeriod { get; init; }
}
