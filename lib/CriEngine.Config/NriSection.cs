namespace CriEngine.Config;

/// <summary><c>[crio.nri]</c>: Node Resource Interface plugins.</summary>
public sealed record NriSection
{
    internal NriSection()
    {
    }

    public bool EnableNri { get; init; }

    public string NriListen { get; init; } = "";

    public string NriPluginDir { get; init; } = "";

    public string NriPluginConfigDir { get; init; } = "";

    public TimeSpan NriPluginRegistrationTimeout { get; init; }

    public TimeSpan NriPluginRequestTimeout { get; init; }

    public bool NriDisableConnections { get; init; }

    public NriValidatorSection DefaultValidator { get; init; } = new();
}
