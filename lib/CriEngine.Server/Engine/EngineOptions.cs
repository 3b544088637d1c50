namespace CriEngine.Server.Engine;

/// <summary>The engine's settings that crio.conf has no key for.</summary>
public sealed record EngineOptions
{
    /// <summary>How long a pod's whole CNI ADD or DEL may take: CRI-O's built-in 5 minutes unless <c>--cni-plugin-timeout</c> says otherwise.</summary>
    public TimeSpan CniPluginTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
