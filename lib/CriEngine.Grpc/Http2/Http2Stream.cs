using System.Buffers;
using CriEngine.Grpc.Hpack;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// One request/response exchange on a server connection: the request's headers and body as
/// they arrive, and the calls that send the response under flow control.
/// </summary>
public sealed class Http2Stream
{
    private readonly Http2Connection _connection;
    private readonly CancellationTokenSource _aborted = new();
    private readonly Lock _lock = new();
    private readonly ReceiveWindow _receiveWindow;
    private long _received;
    private long _credited;
    private bool _requestEnded;
    private bool _responseStarted;
    private bool _responseEnded;
    private bool _closed;
    private bool _handlerClaimed;

    internal Http2Stream(Http2Connection connection, int id, RequestHeaders headers, int sendWindow, int receiveWindow)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
        SendWindow = new SendWindow(sendWindow);
        _receiveWindow = new ReceiveWindow(receiveWindow);
        Body = new Http2RequestBody(Credit);
    }

    public int Id { get; }

    public RequestHeaders Headers { get; }

    public Http2RequestBody Body { get; }

    /// <summary>Cancelled when the peer resets the stream or the connection is lost.</summary>
    public CancellationToken Aborted => _aborted.Token;

    public bool ResponseStarted
    {
        get
        {
            lock (_lock)
                return _responseStarted;
        }
    }

    internal SendWindow SendWindow { get; }

    internal bool RequestEnded
    {
        get
        {
            lock (_lock)
                return _requestEnded;
        }
    }

    public bool ResponseEnded
    {
        get
        {
            lock (_lock)
                return _responseEnded;
        }
    }

    public ValueTask SendHeadersAsync(IReadOnlyList<HeaderField> headers, bool endStream = false)
    {
        BeginSend(endStream, headers: true);
        return Complete(_connection.Writer.WriteHeadersAsync(Id, headers, endStream), endStream);
    }

    /// <summary>Sends data as the stream's and the connection's windows allow, waiting for them as needed.</summary>
    public async ValueTask SendDataAsync(ReadOnlySequence<byte> data, bool endStream, CancellationToken cancellationToken)
    {
        BeginSend(endStream, headers: false);
        while (!data.IsEmpty)
        {
            var chunk = await _connection.ReserveAsync(this, (int)Math.Min(data.Length, 1 << 18), cancellationToken).ConfigureAwait(false);
            var last = chunk == data.Length;
            await _connection.Writer.WriteDataAsync(Id, data.Slice(0, chunk), endStream && last).ConfigureAwait(false);
            data = data.Slice(chunk);
        }
        if (endStream)
            Ended();
    }

    public ValueTask SendTrailersAsync(IReadOnlyList<HeaderField> trailers) => SendHeadersAsync(trailers, endStream: true);

    /// <summary>
    /// A whole response (headers, a body, trailers) in one write when the windows allow it,
    /// which is the common case of a small unary reply; otherwise frame by frame.
    /// </summary>
    public async ValueTask SendResponseAsync(IReadOnlyList<HeaderField>? headers, ReadOnlySequence<byte> data, IReadOnlyList<HeaderField> trailers, CancellationToken cancellationToken)
    {
        if (_connection.TryReserveAll(this, data.Length))
        {
            BeginSend(endStream: true, headers: headers is not null);
            await Complete(_connection.Writer.WriteResponseAsync(Id, headers, data, trailers), endStream: true).ConfigureAwait(false);
            return;
        }
        if (headers is not null)
            await SendHeadersAsync(headers).ConfigureAwait(false);
        await SendDataAsync(data, endStream: false, cancellationToken).ConfigureAwait(false);
        await SendTrailersAsync(trailers).ConfigureAwait(false);
    }

    /// <summary>Abandons the stream with RST_STREAM.</summary>
    public ValueTask ResetAsync(Http2ErrorCode code) => _connection.ResetStreamAsync(this, code);

    /// <summary>Takes a DATA payload; false when the stream closed meanwhile and nobody will read it.</summary>
    internal bool OnData(ReadOnlySpan<byte> data, int flowControlledLength, bool endStream)
    {
        lock (_lock)
        {
            if (_closed)
                return false;
            if (!_receiveWindow.TryReceive(flowControlledLength))
                throw new Http2StreamException(Id, Http2ErrorCode.FlowControlError, $"stream {Id}: peer sent more than the flow-control window");
            _received += flowControlledLength;
            Body.Append(data);
            if (endStream)
            {
                _requestEnded = true;
                Body.Complete();
            }
            return true;
        }
    }

    /// <summary>True once: for the caller that is to run the stream's handler, or to account for it never running.</summary>
    internal bool ClaimHandler()
    {
        lock (_lock)
        {
            if (_handlerClaimed)
                return false;
            _handlerClaimed = true;
            return true;
        }
    }

    internal void OnRequestEnded()
    {
        lock (_lock)
        {
            _requestEnded = true;
            if (!_closed)
                Body.Complete();
        }
    }

    /// <summary>The stream is over (reset by either side, or the connection is gone): wake everything waiting on it.</summary>
    internal long Close(Exception reason)
    {
        long uncredited;
        lock (_lock)
        {
            if (_closed)
                return 0;
            _closed = true;
            uncredited = _received - _credited;
            Body.Complete(reason);
        }
        SendWindow.Abort();
        _aborted.Cancel();
        return uncredited;
    }

    /// <summary>Called when the stream ends normally: what the handler did not read goes back to the connection window.</summary>
    internal long CloseQuietly()
    {
        lock (_lock)
        {
            if (_closed)
                return 0;
            _closed = true;
            return _received - _credited;
        }
    }

    /// <summary>Padding is flow-controlled but never read: credit it at once.</summary>
    internal void CreditPadding(int octets) => Credit(octets);

    private void Credit(int octets)
    {
        int streamIncrement;
        lock (_lock)
        {
            if (_closed)
                return;
            _credited += octets;
            streamIncrement = _requestEnded ? 0 : _receiveWindow.Credit(octets);
        }
        _connection.CreditReceived(this, octets, streamIncrement);
    }

    private void BeginSend(bool endStream, bool headers)
    {
        lock (_lock)
        {
            if (_responseEnded || _closed)
                throw new InvalidOperationException($"stream {Id}: the response is already complete or the stream is closed");
            if (!_responseStarted && !headers)
                throw new InvalidOperationException($"stream {Id}: data before the response headers");
            _responseStarted = true;
            if (endStream)
                _responseEnded = true;
        }
    }

    private async ValueTask Complete(ValueTask write, bool endStream)
    {
        await write.ConfigureAwait(false);
        if (endStream)
            Ended();
    }

    private void Ended() => _connection.OnResponseEnded(this);
}
