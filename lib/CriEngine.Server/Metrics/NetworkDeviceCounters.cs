using System.Globalization;
using CriEngine.Server.State;

namespace CriEngine.Server.Metrics;

/// <summary>The counters of one network interface, as /proc/&lt;pid&gt;/net/dev shows them for the process's network namespace.</summary>
public sealed record NetworkDeviceCounters(
    string Interface,
    ulong ReceiveBytes,
    ulong ReceivePackets,
    ulong ReceiveErrors,
    ulong ReceiveDropped,
    ulong TransmitBytes,
    ulong TransmitPackets,
    ulong TransmitErrors,
    ulong TransmitDropped)
{
    /// <summary>
    /// The interfaces of a net/dev text, loopback left out as cAdvisor leaves it out: its traffic
    /// never leaves the pod.
    /// </summary>
    public static IReadOnlyList<NetworkDeviceCounters> Parse(string netDev)
    {
        var devices = new List<NetworkDeviceCounters>();
        // Two header lines, then "  name: 8 receive fields 8 transmit fields".
        foreach (var line in netDev.Split('\n').Skip(2))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                continue;
            var name = line[..colon].Trim();
            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (name == "lo")
                continue;
            if (fields.Length < 16 || !fields.All(f => ulong.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                throw new FormatException($"net/dev line of {name}: unexpected content \"{line.Trim()}\"");
            ulong Field(int i) => ulong.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture);
            devices.Add(new NetworkDeviceCounters(name, Field(0), Field(1), Field(2), Field(3), Field(8), Field(9), Field(10), Field(11)));
        }
        return devices;
    }

    /// <summary>
    /// The counters of the pod's own network namespace, read through its infra process; null for
    /// a pod on the node's network, or whose infra process is gone.
    /// </summary>
    public static async Task<IReadOnlyList<NetworkDeviceCounters>?> OfPodAsync(PodRecord pod, CancellationToken cancellationToken)
    {
        if (pod.NetnsPath is null || pod.InfraPid <= 0)
            return null;
        var path = $"/proc/{pod.InfraPid}/net/dev";
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            return Parse(text);
        }
        catch (FormatException e)
        {
            throw new Grpc.RpcException(Grpc.StatusCode.Internal, $"pod {pod.Id}: {path}: {e.Message}");
        }
    }
}
