namespace CriEngine.Streaming.Spdy;

/// <summary>
/// The name/value pairs of a SYN_STREAM, SYN_REPLY or HEADERS frame. SPDY/3 names are
/// lowercase; a name sent with several values appears once per value.
/// </summary>
internal sealed class SpdyHeaders
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    public static SpdyHeaders Empty { get; } = new();

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    public SpdyHeaders Add(string name, string value)
    {
        _entries.Add(new(name.ToLowerInvariant(), value));
        return this;
    }

    /// <summary>The first value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in _entries)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value;
        }
        return null;
    }

    public override string ToString() => string.Join(", ", _entries.Select(e => $"{e.Key}={e.Value}"));
}
