using System.Globalization;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>
/// default_ulimits as process rlimits: "nofile=1024:2048" is RLIMIT_NOFILE soft 1024, hard 2048;
/// a single value is both; -1 is unlimited. The names are Docker's (go-units), as CRI-O reads them.
/// </summary>
internal static class ContainerRlimits
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["as"] = "RLIMIT_AS", ["core"] = "RLIMIT_CORE", ["cpu"] = "RLIMIT_CPU", ["data"] = "RLIMIT_DATA",
        ["fsize"] = "RLIMIT_FSIZE", ["locks"] = "RLIMIT_LOCKS", ["memlock"] = "RLIMIT_MEMLOCK",
        ["msgqueue"] = "RLIMIT_MSGQUEUE", ["nice"] = "RLIMIT_NICE", ["nofile"] = "RLIMIT_NOFILE",
        ["nproc"] = "RLIMIT_NPROC", ["rss"] = "RLIMIT_RSS", ["rtprio"] = "RLIMIT_RTPRIO",
        ["rttime"] = "RLIMIT_RTTIME", ["sigpending"] = "RLIMIT_SIGPENDING", ["stack"] = "RLIMIT_STACK",
    };

    /// <returns>Null when none is configured: the container inherits the monitor's limits.</returns>
    public static IReadOnlyList<OciRlimit>? Build(IReadOnlyList<string> ulimits)
    {
        if (ulimits.Count == 0)
            return null;
        var limits = new List<OciRlimit>();
        foreach (var ulimit in ulimits)
        {
            var limit = Parse(ulimit);
            limits.RemoveAll(existing => existing.Type == limit.Type);
            limits.Add(limit);
        }
        return limits;
    }

    private static OciRlimit Parse(string ulimit)
    {
        var place = $"crio.runtime.default_ulimits \"{ulimit}\"";
        var parts = ulimit.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !Types.TryGetValue(parts[0], out var type))
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: must be NAME=SOFT[:HARD] with NAME one of {string.Join(", ", Types.Keys)}");
        var values = parts[1].Split(':');
        if (values.Length > 2)
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: too many values");
        var soft = Value(values[0], place);
        var hard = values.Length == 2 ? Value(values[1], place) : soft;
        if (soft > hard)
            throw new RpcException(StatusCode.InvalidArgument, $"{place}: the soft limit is above the hard limit");
        return new OciRlimit { Type = type, Soft = soft, Hard = hard };
    }

    private static ulong Value(string text, string place) =>
        text == "-1" ? ulong.MaxValue
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new RpcException(StatusCode.InvalidArgument, $"{place}: \"{text}\" is not a limit");
}
