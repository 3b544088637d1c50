using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// A request's header block, checked as RFC 9113 8.3 requires. Any <c>:authority</c> is
/// accepted: kubelets up to Kubernetes 1.30 send the socket path there.
/// </summary>
public sealed class RequestHeaders
{
    private static readonly HashSet<string> ConnectionSpecific =
        new(StringComparer.Ordinal) { "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" };

    private readonly List<HeaderField> _fields;

    private RequestHeaders(string method, string scheme, string path, string? authority, List<HeaderField> fields)
    {
        _fields = fields;
        Method = method;
        Scheme = scheme;
        Path = path;
        Authority = authority;
    }

    public string Method { get; }

    public string Scheme { get; }

    public string Path { get; }

    public string? Authority { get; }

    /// <summary>The regular (non-pseudo) fields, in order.</summary>
    public IReadOnlyList<HeaderField> Fields => _fields;

    /// <summary>The first value of a field, or null.</summary>
    public string? this[string name]
    {
        get
        {
            // A for loop over the list: no enumerator is boxed on this per-call path.
            for (var i = 0; i < _fields.Count; i++)
            {
                if (_fields[i].Name == name)
                    return _fields[i].Value;
            }
            return null;
        }
    }

    /// <summary>Validates a decoded request block; a malformed one is a stream error.</summary>
    public static RequestHeaders Parse(int streamId, List<HeaderField> block)
    {
        string? method = null, scheme = null, path = null, authority = null;
        var fields = new List<HeaderField>(block.Count);
        foreach (var field in block)
        {
            CheckName(streamId, field.Name);
            if (field.Name.StartsWith(':'))
            {
                if (fields.Count > 0)
                    throw Malformed(streamId, $"pseudo-header {field.Name} after a regular field");
                switch (field.Name)
                {
                    case ":method": Set(ref method, field); break;
                    case ":scheme": Set(ref scheme, field); break;
                    case ":path": Set(ref path, field); break;
                    case ":authority": Set(ref authority, field); break;
                    default: throw Malformed(streamId, $"unknown pseudo-header {field.Name}");
                }
                continue;
            }
            if (ConnectionSpecific.Contains(field.Name))
                throw Malformed(streamId, $"connection-specific field {field.Name}");
            if (field.Name == "te" && field.Value != "trailers")
                throw Malformed(streamId, $"te: {field.Value} (only \"trailers\" is allowed)");
            fields.Add(field);
        }

        if (method is null || scheme is null || string.IsNullOrEmpty(path))
            throw Malformed(streamId, "missing :method, :scheme or :path");
        return new RequestHeaders(method, scheme, path, authority, fields);

        void Set(ref string? slot, HeaderField field)
        {
            if (slot is not null)
                throw Malformed(streamId, $"duplicate {field.Name}");
            slot = field.Value;
        }
    }

    /// <summary>Trailers end a request: they carry no pseudo-headers.</summary>
    public static void CheckTrailers(int streamId, List<HeaderField> block)
    {
        foreach (var field in block)
        {
            CheckName(streamId, field.Name);
            if (field.Name.StartsWith(':'))
                throw Malformed(streamId, $"pseudo-header {field.Name} in trailers");
        }
    }

    private static void CheckName(int streamId, string name)
    {
        if (name.Length == 0)
            throw Malformed(streamId, "empty field name");
        foreach (var c in name)
        {
            if (c is >= 'A' and <= 'Z')
                throw Malformed(streamId, $"upper-case field name {name}");
        }
    }

    private static Http2StreamException Malformed(int streamId, string reason) =>
        new(streamId, Http2ErrorCode.ProtocolError, $"stream {streamId}: malformed request: {reason}");
}
