using System.Text;
using CriEngine.Grpc;
using CriEngine.Platform;

namespace CriEngine.Network.Dns;

/// <summary>
/// The pod's resolv.conf, written into the pod's directory for its containers to bind-mount on
/// /etc/resolv.conf, as CRI-O writes it: a <c>search</c> line, one <c>nameserver</c> line per
/// server, an <c>options</c> line; or, when the DNSConfig is empty (host-network pods, and pods with
/// dnsPolicy None and no settings), a copy of the node's /etc/resolv.conf. No limit is applied to
/// the number of servers or search domains: the kubelet trims them (3 servers; 32 domains, 2048
/// characters) before it sends them, and CRI-O writes what it gets.
/// </summary>
public static class PodResolvConf
{
    public const string FileName = "resolv.conf";
    private const string NodeResolvConf = "/etc/resolv.conf";

    /// <summary>Writes <c>&lt;podDirectory&gt;/resolv.conf</c> atomically and returns its path.</summary>
    public static Task<string> WriteAsync(string podDirectory, PodDnsConfig config, CancellationToken cancellationToken = default) =>
        WriteAsync(podDirectory, config, NodeResolvConf, cancellationToken);

    internal static async Task<string> WriteAsync(string podDirectory, PodDnsConfig config, string nodeResolvConf, CancellationToken cancellationToken)
    {
        var path = Path.Combine(podDirectory, FileName);
        var content = config.IsEmpty ? await ReadNodeFileAsync(nodeResolvConf, cancellationToken).ConfigureAwait(false) : Format(config);
        try
        {
            await AtomicFile.WriteAsync(path, content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"{path}: cannot write: {e.Message}", e);
        }
        return path;
    }

    internal static byte[] Format(PodDnsConfig config)
    {
        var text = new StringBuilder();
        if (config.Searches.Count > 0)
            text.Append("search ").AppendJoin(' ', Checked("search domain", config.Searches)).Append('\n');
        foreach (var server in Checked("nameserver", config.Servers))
            text.Append("nameserver ").Append(server).Append('\n');
        if (config.Options.Count > 0)
            text.Append("options ").AppendJoin(' ', Checked("option", config.Options)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>An entry is one word of a resolv.conf line: blank space or a line break in it would change the file's meaning.</summary>
    private static IReadOnlyList<string> Checked(string kind, IReadOnlyList<string> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Length == 0 || entry.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                throw new RpcException(StatusCode.InvalidArgument, $"DNSConfig: {kind} \"{entry}\": must be one word, without blank space or control characters");
        }
        return entries;
    }

    private static async Task<byte[]> ReadNodeFileAsync(string nodeResolvConf, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(nodeResolvConf, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.FailedPrecondition, $"the pod has no DNSConfig and the node's {nodeResolvConf} cannot be read: {e.Message}", e);
        }
    }
}
