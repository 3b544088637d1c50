namespace CriEngine.Server;

/// <summary>What the kubelet tells the runtime of the node's pod network (UpdateRuntimeConfig).</summary>
public sealed class PodNetworkSettings
{
    private string _podCidr = "";

    /// <summary>The node's pod CIDR; empty until the kubelet sends one.</summary>
    public string PodCidr
    {
        get => Volatile.Read(ref _podCidr);
        set => Volatile.Write(ref _podCidr, value);
    }
}
