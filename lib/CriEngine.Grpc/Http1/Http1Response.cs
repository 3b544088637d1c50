using System.Text;

namespace CriEngine.Grpc.Http1;

/// <summary>The answer to an <see cref="Http1Request"/>; the connection is closed after it.</summary>
public sealed record Http1Response(int Status, string ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>Headers besides Content-Type, Content-Length and Connection (e.g. <c>Allow</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>An error or plain answer as Go's <c>http.Error</c> writes it: the message and a newline, as text.</summary>
    public static Http1Response Text(int status, string message) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message + "\n"))
        {
            Headers = [new("X-Content-Type-Options", "nosniff")],
        };
}
