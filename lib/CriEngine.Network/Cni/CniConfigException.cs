namespace CriEngine.Network.Cni;

/// <summary>A CNI network config file that cannot be used, and why.</summary>
public sealed class CniConfigException(string message) : Exception(message);
