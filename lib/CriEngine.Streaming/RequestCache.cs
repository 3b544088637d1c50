using System.Buffers.Text;
using System.Security.Cryptography;
using CriEngine.Grpc;

namespace CriEngine.Streaming;

/// <summary>
/// Pending streaming requests behind single-use random tokens, as kubelet's request cache:
/// a token is 8 base64url characters (6 random bytes), lives for the request timeout, and at
/// most <see cref="MaxInFlight"/> unexpired requests wait at once.
/// </summary>
internal sealed class RequestCache(TimeSpan timeToLive, TimeProvider clock)
{
    public const int MaxInFlight = 1000;
    private const int TokenBytes = 6;

    private readonly Dictionary<string, (object Request, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Insert(object request)
    {
        lock (_lock)
        {
            RemoveExpired();
            if (_entries.Count >= MaxInFlight)
                throw new RpcException(StatusCode.ResourceExhausted, "maximum number of in-flight streaming requests exceeded");
            string token;
            do
                token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
            while (_entries.ContainsKey(token));
            _entries[token] = (request, clock.GetUtcNow() + timeToLive);
            return token;
        }
    }

    /// <summary>The request behind <paramref name="token"/>, which is gone afterwards; null if unknown, used or expired.</summary>
    public object? Consume(string token)
    {
        lock (_lock)
        {
            if (!_entries.Remove(token, out var entry))
                return null;
            return clock.GetUtcNow() > entry.Expires ? null : entry.Request;
        }
    }

    private void RemoveExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (token, entry) in _entries)
        {
            if (now > entry.Expires)
                _entries.Remove(token);
        }
    }
}
