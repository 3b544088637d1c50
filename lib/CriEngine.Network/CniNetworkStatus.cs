namespace CriEngine.Network;

/// <summary>Whether pods can get a network: the chosen CNI network, or why there is none.</summary>
public sealed record CniNetworkStatus(bool Ready, string? NetworkName, string? ConfigFile, string Message);
