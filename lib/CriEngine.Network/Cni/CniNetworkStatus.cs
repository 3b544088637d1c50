namespace CriEngine.Network.Cni;

/// <summary>Whether pods can get a network: the chosen CNI network and its file, or why there is none.</summary>
public sealed record CniNetworkStatus(CniNetworkConfigList? Network, string? ConfigFile, string Message)
{
    public bool Ready => Network is not null;
}
