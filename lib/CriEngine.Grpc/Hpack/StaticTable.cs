using System.Collections.Frozen;

namespace CriEngine.Grpc.Hpack;

/// <summary>The static table of RFC 7541 Appendix A: indexes 1 to 61.</summary>
internal static class StaticTable
{
    public const int Count = 61;

    // Index 0 is unused so that array positions equal HPACK indexes.
    private static readonly HeaderField[] Entries =
    [
        default,
        new(":authority", ""),
        new(":method", "GET"),
        new(":method", "POST"),
        new(":path", "/"),
        new(":path", "/index.html"),
        new(":scheme", "http"),
        new(":scheme", "https"),
        new(":status", "200"),
        new(":status", "204"),
        new(":status", "206"),
        new(":status", "304"),
        new(":status", "400"),
        new(":status", "404"),
        new(":status", "500"),
        new("accept-charset", ""),
        new("accept-encoding", "gzip, deflate"),
        new("accept-language", ""),
        new("accept-ranges", ""),
        new("accept", ""),
        new("access-control-allow-origin", ""),
        new("age", ""),
        new("allow", ""),
        new("authorization", ""),
        new("cache-control", ""),
        new("content-disposition", ""),
        new("content-encoding", ""),
        new("content-language", ""),
        new("content-length", ""),
        new("content-location", ""),
        new("content-range", ""),
        new("content-type", ""),
        new("cookie", ""),
        new("date", ""),
        new("etag", ""),
        new("expect", ""),
        new("expires", ""),
        new("from", ""),
        new("host", ""),
        new("if-match", ""),
        new("if-modified-since", ""),
        new("if-none-match", ""),
        new("if-range", ""),
        new("if-unmodified-since", ""),
        new("last-modified", ""),
        new("link", ""),
        new("location", ""),
        new("max-forwards", ""),
        new("proxy-authenticate", ""),
        new("proxy-authorization", ""),
        new("range", ""),
        new("referer", ""),
        new("refresh", ""),
        new("retry-after", ""),
        new("server", ""),
        new("set-cookie", ""),
        new("strict-transport-security", ""),
        new("transfer-encoding", ""),
        new("user-agent", ""),
        new("vary", ""),
        new("via", ""),
        new("www-authenticate", ""),
    ];

    // Entries sharing a name are adjacent, so a name maps to one run of indexes.
    private static readonly FrozenDictionary<string, (int First, int Count)> RunsByName = BuildRunsByName();

    /// <param name="index">1 to <see cref="Count"/>.</param>
    public static HeaderField Get(int index) => Entries[index];

    /// <summary>Finds the lowest index holding the whole field and the lowest holding its name (0 when absent).</summary>
    public static (int FieldIndex, int NameIndex) Find(HeaderField field)
    {
        if (!RunsByName.TryGetValue(field.Name, out var run))
        {
            return (0, 0);
        }

        for (var index = run.First; index < run.First + run.Count; index++)
        {
            if (string.Equals(Entries[index].Value, field.Value, StringComparison.Ordinal))
            {
                return (index, run.First);
            }
        }

        return (0, run.First);
    }

    private static FrozenDictionary<string, (int First, int Count)> BuildRunsByName()
    {
        var runs = new Dictionary<string, (int First, int Count)>(StringComparer.Ordinal);
        for (var index = 1; index <= Count; index++)
        {
            var name = Entries[index].Name;
            runs[name] = runs.TryGetValue(name, out var run) ? (run.First, run.Count + 1) : (index, 1);
        }

        return runs.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
