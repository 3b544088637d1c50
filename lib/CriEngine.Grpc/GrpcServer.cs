using System.Collections.Frozen;
using System.Diagnostics;
using CriEngine.Grpc.Hpack;
using CriEngine.Grpc.Http2;
using Microsoft.Extensions.Logging;

namespace CriEngine.Grpc;

/// <summary>
/// gRPC over the project's HTTP/2 server: checks the request, finds the method, enforces the
/// deadline, and turns every outcome into a status. The handler of a call whose deadline
/// passes is cancelled and the client is answered DEADLINE_EXCEEDED at once, whether or not
/// the handler has noticed yet.
/// </summary>
public sealed partial class GrpcServer
{
    private const string SupportedEncodings = "identity,gzip";

    private readonly FrozenDictionary<string, (GrpcMethod Method, ICallRecorder? Recorder)> _methods;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;

    /// <param name="recorderFor">Gives each method's recorder of call outcomes (operation counts and latencies), asked once per method here.</param>
    public GrpcServer(GrpcMethodTable methods, GrpcServerOptions options, ILogger logger, Func<string, ICallRecorder>? recorderFor = null)
    {
        _methods = methods.Freeze().ToFrozenDictionary(
            entry => entry.Key,
            entry => (entry.Value, recorderFor?.Invoke(entry.Key)),
            StringComparer.Ordinal);
        _options = options;
        _logger = logger;
    }

    /// <summary>The HTTP/2 request handler.</summary>
    public async Task HandleAsync(Http2Stream stream)
    {
        var headers = stream.Headers;
        if (headers.Method != "POST")
        {
            await stream.SendHeadersAsync([new(":status", "405"), new("allow", "POST")], endStream: true).ConfigureAwait(false);
            return;
        }
        if (!IsGrpcContentType(headers["content-type"]))
        {
            await stream.SendHeadersAsync([new(":status", "415")], endStream: true).ConfigureAwait(false);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        // One source for the deadline and the client's reset: the deadline is what fired when the stream is still alive.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stream.Aborted);
        TimeSpan? timeout = null;
        var timeoutHeader = headers["grpc-timeout"];
        if (timeoutHeader is not null)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                await RejectAsync(stream, StatusCode.InvalidArgument, $"malformed grpc-timeout \"{timeoutHeader}\"").ConfigureAwait(false);
                return;
            }
            timeout = parsed;
            cancellation.CancelAfter(parsed);
        }
        var context = new CallContext(headers.Path, headers, DateTimeOffset.UtcNow + timeout, cancellation.Token);

        if (!_methods.TryGetValue(headers.Path, out var dispatch))
        {
            await RejectAsync(stream, StatusCode.Unimplemented, $"unknown method {headers.Path}").ConfigureAwait(false);
            return;
        }
        var encoding = headers["grpc-encoding"];
        if (encoding is not null && encoding is not ("identity" or "gzip"))
        {
            await RejectAsync(stream, StatusCode.Unimplemented, $"grpc-encoding \"{encoding}\" is not supported (supported: {SupportedEncodings})").ConfigureAwait(false);
            return;
        }

        var call = new GrpcCall(stream, _options, encoding == "gzip", context);
        var (code, message) = await RunAsync(dispatch.Method, call, stream, timeout).ConfigureAwait(false);
        dispatch.Recorder?.Record(code, Stopwatch.GetTimestamp() - started);
        if (stream.Aborted.IsCancellationRequested)
        {
            LogAbandoned(headers.Path, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return;
        }
        if (code != StatusCode.OK || !stream.ResponseEnded)
            await FinishQuietlyAsync(call, code, message).ConfigureAwait(false);
        LogCall(headers.Path, code, Stopwatch.GetElapsedTime(started).TotalMilliseconds, message);
    }

    private async Task<(StatusCode Code, string Message)> RunAsync(GrpcMethod method, GrpcCall call, Http2Stream stream, TimeSpan? timeout)
    {
        var handling = method.HandleAsync(call);
        try
        {
            await handling.WaitAsync(call.Context.CancellationToken).ConfigureAwait(false);
            return (StatusCode.OK, "");
        }
        catch (OperationCanceledException) when (call.Context.CancellationToken.IsCancellationRequested)
        {
            Observe(handling);
            return stream.Aborted.IsCancellationRequested
                ? (StatusCode.Cancelled, $"{method.Path}: cancelled by the client")
                : (StatusCode.DeadlineExceeded, $"{method.Path}: deadline of {timeout} exceeded");
        }
        catch (RpcException e)
        {
            return (e.Code, e.Message);
        }
        catch (OperationCanceledException e)
        {
            // Not our deadline and not the client: the connection closed under the call.
            return (StatusCode.Cancelled, $"{method.Path}: {e.Message}");
        }
        catch (Exception e)
        {
            _logger.LogError(e, "grpc {Method}: handler failed", method.Path);
            return (StatusCode.Internal, e.Message);
        }
    }

    private static async Task FinishQuietlyAsync(GrpcCall call, StatusCode code, string message)
    {
        try
        {
            await call.FinishAsync(code, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Already finished (a handler sent its reply as the deadline passed), or the stream is gone.
        }
    }

    private static async Task RejectAsync(Http2Stream stream, StatusCode code, string message)
    {
        HeaderField[] headers =
        [
            new(":status", "200"),
            new("content-type", "application/grpc"),
            new("grpc-status", ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("grpc-message", GrpcStatusMessage.Encode(message)),
            new("grpc-accept-encoding", SupportedEncodings),
        ];
        await stream.SendHeadersAsync(headers, endStream: true).ConfigureAwait(false);
    }

    private void Observe(Task handling) =>
        handling.ContinueWith(
            t => _logger.LogDebug(t.Exception!.GetBaseException(), "a handler failed after its call was answered"),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

    private static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && (contentType == "application/grpc"
            || contentType.StartsWith("application/grpc;", StringComparison.Ordinal)
            || contentType.StartsWith("application/grpc+proto", StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Debug, Message = "grpc {Method}: {Code} in {Milliseconds:F2} ms {Detail}")]
    private partial void LogCall(string method, StatusCode code, double milliseconds, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "grpc {Method}: the client went away after {Milliseconds:F2} ms")]
    private partial void LogAbandoned(string method, double milliseconds);
}
