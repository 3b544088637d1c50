using System.Globalization;
using CriEngine.Streaming.Spdy;
using Microsoft.Extensions.Logging;

namespace CriEngine.Streaming.PortForward;

/// <summary>
/// Port forwarding over SPDY (<c>portforward.k8s.io</c>): for each forwarded connection the
/// client opens an error and a data stream carrying the same <c>requestID</c> and
/// <c>port</c> headers. Once a pair is complete the runtime connects the data stream to the
/// port; a failure is written on the error stream. The session lasts until the client
/// closes the connection.
/// </summary>
internal sealed class SpdyPortForward(SpdyConnection connection, PortForwardRequest request, IStreamingRuntime runtime, TimeSpan streamCreationTimeout, ILogger logger)
{
    private readonly Dictionary<string, Pair> _pairs = new(StringComparer.Ordinal);
    private readonly List<Task> _forwards = [];
    private readonly Lock _lock = new();

    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await connection.RunAsync(IsValid, stream => AddToPair(stream, session.Token), session.Token);
        await session.CancelAsync();
        Task[] forwards;
        lock (_lock)
            forwards = [.. _forwards];
        await Task.WhenAll(forwards);
        await connection.CloseAsync();
    }

    /// <summary>Checks the headers as kubelet does; a stream without a valid port or type is refused.</summary>
    private bool IsValid(SpdyStream stream)
    {
        var portText = stream.Headers.Get("port");
        if (PortOf(stream) == 0)
        {
            logger.LogWarning("streaming: port forward stream {Stream}: invalid port header {Port}", stream.Id, portText);
            return false;
        }
        var type = stream.Headers.Get(StreamType.Header);
        if (type is not (StreamType.Data or StreamType.Error))
        {
            logger.LogWarning("streaming: port forward stream {Stream}: invalid stream type {Type}", stream.Id, type);
            return false;
        }
        return true;
    }

    private void AddToPair(SpdyStream stream, CancellationToken cancellationToken)
    {
        var type = stream.Headers.Get(StreamType.Header)!;
        var port = PortOf(stream);
        var requestId = stream.Headers.Get("requestid") ?? LegacyRequestId(stream, type);
        lock (_lock)
        {
            if (!_pairs.TryGetValue(requestId, out var pair))
            {
                pair = new Pair(requestId);
                _pairs[requestId] = pair;
                _forwards.Add(ExpireAsync(pair, cancellationToken));
            }
            if (!pair.Add(type, stream))
            {
                _forwards.Add(WriteErrorAsync(pair, $"error processing stream for request {requestId}: {type} stream already assigned"));
                return;
            }
            if (pair.IsComplete)
            {
                _pairs.Remove(requestId);
                _forwards.Add(Task.Run(() => ForwardAsync(pair, port, cancellationToken), CancellationToken.None));
            }
        }
    }

    private static ushort PortOf(SpdyStream stream) =>
        ushort.TryParse(stream.Headers.Get("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : (ushort)0;

    private async Task ForwardAsync(Pair pair, int port, CancellationToken cancellationToken)
    {
        var data = pair.Data!.AsStream(canRead: true, canWrite: true);
        try
        {
            await runtime.PortForwardAsync(request.PodSandboxId, port, data, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            var message = $"error forwarding port {port} to pod {request.PodSandboxId}: {e.Message}";
            logger.LogWarning("streaming: {Message}", message);
            await WriteErrorAsync(pair, message);
        }
        await data.DisposeAsync();
        await CloseQuietlyAsync(pair.Error!);
    }

    /// <summary>A pair still missing a stream after the creation timeout is told so on the stream it has.</summary>
    private async Task ExpireAsync(Pair pair, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(streamCreationTimeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_lock)
        {
            if (pair.IsComplete || !_pairs.Remove(pair.RequestId))
                return;
        }
        await WriteErrorAsync(pair, $"timed out waiting for streams of request {pair.RequestId}");
    }

    private static async Task WriteErrorAsync(Pair pair, string message)
    {
        if (pair.Error is null)
            return;
        try
        {
            await pair.Error.WriteAsync(System.Text.Encoding.UTF8.GetBytes(message), CancellationToken.None);
        }
        catch (IOException)
        {
        }
    }

    private static async Task CloseQuietlyAsync(SpdyStream stream)
    {
        try
        {
            await stream.CloseAsync();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Clients before request ids: the error stream's id names the pair, the data stream follows it.</summary>
    private static string LegacyRequestId(SpdyStream stream, string type) =>
        (type == StreamType.Error ? stream.Id : stream.Id - 2).ToString(CultureInfo.InvariantCulture);

    private sealed class Pair(string requestId)
    {
        public string RequestId { get; } = requestId;

        public SpdyStream? Data { get; private set; }

        public SpdyStream? Error { get; private set; }

        public bool IsComplete => Data is not null && Error is not null;

        public bool Add(string type, SpdyStream stream)
        {
            if (type == StreamType.Data)
            {
                if (Data is not null)
                    return false;
                Data = stream;
            }
            else
            {
                if (Error is not null)
                    return false;
                Error = stream;
            }
            return true;
        }
    }
}
