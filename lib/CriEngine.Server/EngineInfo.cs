using System.Reflection;

namespace CriEngine.Server;

/// <summary>What the engine says of itself in Version and <c>criengine version</c>.</summary>
public static class EngineInfo
{
    public const string RuntimeName = "criengine";

    /// <summary>The CRI version the engine speaks.</summary>
    public const string RuntimeApiVersion = "v1";

    /// <summary>The kubelet runtime API version field of VersionResponse; CRI-O and containerd answer 0.1.0.</summary>
    public const string KubeletApiVersion = "0.1.0";

    public static string Version { get; } =
        typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
