using CriEngine.Grpc;
using CriEngine.Platform;

namespace CriEngine.Network.Dns;

/// <summary>
/// The pod's hostname, chosen as CRI-O chooses it, and the <c>hostname</c> file written into the
/// pod's directory for its containers to bind-mount on /etc/hostname.
/// </summary>
public static class PodHostname
{
    public const string FileName = "hostname";
    private const int PodIdPrefixLength = 12;

    /// <summary>
    /// The hostname the pod asked for (PodSandboxConfig.hostname); else, for a host-network pod,
    /// the node's hostname; else the first 12 characters of the pod's id.
    /// </summary>
    public static string Resolve(string configured, string podId, bool hostNetwork)
    {
        if (configured.Length > 0)
            return configured;
        return hostNetwork ? System.Net.Dns.GetHostName() : podId[..Math.Min(PodIdPrefixLength, podId.Length)];
    }

    /// <summary>Writes <c>&lt;podDirectory&gt;/hostname</c> (the name and a line break) atomically and returns its path.</summary>
    public static async Task<string> WriteAsync(string podDirectory, string hostname, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(podDirectory, FileName);
        try
        {
            await AtomicFile.WriteAsync(path, hostname + "\n", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"{path}: cannot write: {e.Message}", e);
        }
        return path;
    }
}
