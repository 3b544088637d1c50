using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>
/// A small gRPC client over a unix socket for tests and tools, on .NET's own HTTP/2 client
/// (SocketsHttpHandler), so that it checks the server with code the project did not write.
/// </summary>
public sealed class GrpcClient : IDisposable
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    private readonly HttpClient _http;

    public GrpcClient(string socketPath, int maxConnections = 1)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            EnableMultipleHttp2Connections = maxConnections > 1,
            MaxConnectionsPerServer = maxConnections,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri("http://localhost"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<TResponse> UnaryAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
        where TResponse : IMessage<TResponse>
    {
        TResponse? response = default;
        var count = 0;
        await foreach (var message in CallAsync(method, request, parser, timeout, cancellationToken).ConfigureAwait(false))
        {
            response = message;
            count++;
        }
        return count == 1 ? response! : throw new RpcException(StatusCode.Internal, $"{method}: expected one response message, got {count}");
    }

    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, TimeSpan? timeout = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TResponse : IMessage<TResponse>
    {
        await foreach (var message in CallAsync(method, request, parser, timeout, cancellationToken).ConfigureAwait(false))
            yield return message;
    }

    public void Dispose() => _http.Dispose();

    private async IAsyncEnumerable<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, TimeSpan? timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(GrpcFraming.Frame(request)) { Headers = { ContentType = GrpcContentType } },
        };
        message.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (timeout is not null)
            message.Headers.Add("grpc-timeout", GrpcTimeout.Format(timeout.Value));

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new RpcException(StatusCode.Unknown, $"{method}: HTTP status {(int)response.StatusCode}");

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var reader = System.IO.Pipelines.PipeReader.Create(body);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var messages = new List<TResponse>();
            while (GrpcFraming.TryRead(ref buffer, int.MaxValue, out _, out var payload))
                messages.Add(parser.ParseFrom(payload));
            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var item in messages)
                yield return item;
            if (result.IsCompleted)
                break;
        }
        await reader.CompleteAsync().ConfigureAwait(false);

        // A trailers-only response carries the status among the headers.
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status")
            ?? throw new RpcException(StatusCode.Internal, $"{method}: the response has no grpc-status");
        var code = (StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
        if (code != StatusCode.OK)
        {
            var text = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
            throw new RpcException(code, GrpcStatusMessage.Decode(text));
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
