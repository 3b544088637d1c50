using System.Buffers;
using CriEngine.Grpc.Hpack;
using CriEngine.Grpc.Http2;
using Google.Protobuf;

namespace CriEngine.Grpc;

/// <summary>
/// One call on one stream: reads the request message and sends the response messages and the
/// status. Sends are serialized and stop at the status, so a handler that goes on after its
/// deadline was answered cannot write into a finished stream.
/// </summary>
internal sealed class GrpcCall(Http2Stream stream, GrpcServerOptions options, bool gzip, CallContext context)
{
    private static readonly HeaderField[] ResponseHeaders = [new(":status", "200"), new("content-type", "application/grpc")];

    private readonly SemaphoreSlim _sending = new(1, 1);
    private bool _headersSent;
    private bool _finished;

    public CallContext Context { get; } = context;

    /// <summary>Reads the single request message of a unary or server-streaming call.</summary>
    public async Task<T> ReadRequestAsync<T>(MessageParser<T> parser) where T : IMessage<T>
    {
        T? request = default;
        var seen = false;
        while (true)
        {
            var result = await stream.Body.ReadAsync(Context.CancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (GrpcFraming.TryRead(ref buffer, options.MaxReceiveMessageSize, out var compressed, out var message))
                {
                    if (seen)
                        throw new RpcException(StatusCode.Internal, $"{Context.Method}: more than one request message");
                    request = Parse(parser, compressed ? Inflate(message) : message);
                    seen = true;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                        throw new RpcException(StatusCode.Internal, $"{Context.Method}: the request ended inside a message");
                    return seen ? request! : throw new RpcException(StatusCode.Internal, $"{Context.Method}: no request message");
                }
            }
            finally
            {
                stream.Body.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    /// <summary>The reply of a unary call: headers, message and OK status in one write when flow control allows.</summary>
    public async Task SendUnaryResponseAsync(IMessage response)
    {
        var framed = FrameChecked(response);
        await SendAsync(async () =>
        {
            await stream.SendResponseAsync(_headersSent ? null : ResponseHeaders, new ReadOnlySequence<byte>(framed), Trailers(StatusCode.OK, ""), Context.CancellationToken).ConfigureAwait(false);
            _headersSent = true;
            _finished = true;
        }).ConfigureAwait(false);
    }

    public async Task SendMessageAsync(IMessage message)
    {
        var framed = FrameChecked(message);
        await SendAsync(async () =>
        {
            if (!_headersSent)
            {
                await stream.SendHeadersAsync(ResponseHeaders).ConfigureAwait(false);
                _headersSent = true;
            }
            await stream.SendDataAsync(new ReadOnlySequence<byte>(framed), endStream: false, Context.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Ends the call with a status: as trailers, or as a trailers-only response when nothing was sent yet.</summary>
    public async Task FinishAsync(StatusCode code, string message)
    {
        await SendAsync(async () =>
        {
            var trailers = Trailers(code, message);
            if (_headersSent)
                await stream.SendTrailersAsync(trailers).ConfigureAwait(false);
            else
                await stream.SendHeadersAsync([.. ResponseHeaders, .. trailers], endStream: true).ConfigureAwait(false);
            _headersSent = true;
            _finished = true;
        }).ConfigureAwait(false);
    }

    private async Task SendAsync(Func<Task> send)
    {
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_finished)
                throw new OperationCanceledException($"{Context.Method}: the call is already finished");
            await send().ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    private byte[] FrameChecked(IMessage message)
    {
        var size = message.CalculateSize();
        if (size > options.MaxSendMessageSize)
            throw new RpcException(StatusCode.ResourceExhausted, $"{Context.Method}: response message larger than max ({size} vs. {options.MaxSendMessageSize})");
        return GrpcFraming.Frame(message);
    }

    private ReadOnlySequence<byte> Inflate(ReadOnlySequence<byte> message) =>
        gzip
            ? GrpcFraming.Gunzip(message, options.MaxReceiveMessageSize)
            : throw new RpcException(StatusCode.Internal, $"{Context.Method}: compressed message without a grpc-encoding");

    private T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> message) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{Context.Method}: cannot decode the request message: {e.Message}");
        }
    }

    private static HeaderField[] Trailers(StatusCode code, string message) =>
        message.Length == 0
            ? [new("grpc-status", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : [new("grpc-status", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("grpc-message", GrpcStatusMessage.Encode(message))];
}
