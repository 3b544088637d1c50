using System.Buffers;
using System.IO.Pipelines;
using CriEngine.Grpc.Http1;
using Microsoft.Extensions.Logging;

namespace CriEngine.Grpc.Http2;

/// <summary>
/// One client of the socket. With an HTTP/1.1 handler, the first bytes decide: the HTTP/2
/// client preface (or a prefix of it, until it is whole) makes it an HTTP/2 connection, anything
/// else one HTTP/1.1 request, as CRI-O serves <c>crio status</c> beside gRPC on its socket.
/// Without one, every client is HTTP/2.
/// </summary>
internal sealed class AcceptedConnection(
    IDuplexPipe transport,
    Func<Http2Stream, Task> handler,
    Func<Http1Request, CancellationToken, Task<Http1Response>>? http1Handler,
    Http2ServerOptions options,
    ILogger logger,
    string name)
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _closing = new();
    private Http2Connection? _http2;
    private bool _shuttingDown;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            if (http1Handler is not null && !await StartsWithPrefaceAsync(transport.Input, stopping).ConfigureAwait(false))
            {
                try
                {
                    await Http1Exchange.ServeAsync(transport, http1Handler, logger, name, _closing.Token).ConfigureAwait(false);
                }
                finally
                {
                    await transport.Input.CompleteAsync().ConfigureAwait(false);
                    await transport.Output.CompleteAsync().ConfigureAwait(false);
                }
                return;
            }
            Http2Connection http2;
            lock (_lock)
            {
                if (_shuttingDown)
                    return;
                http2 = _http2 = new Http2Connection(transport, handler, options, logger, name);
            }
            await http2.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, or the server stopped before the client said anything.
        }
        finally
        {
            _closing.Dispose();
        }
    }

    /// <summary>
    /// HTTP/2 connections get GOAWAY and the drain; an HTTP/1.1 request in flight gets the same
    /// time to be answered.
    /// </summary>
    public Task ShutdownAsync(TimeSpan drainTimeout)
    {
        Http2Connection? http2;
        lock (_lock)
        {
            _shuttingDown = true;
            http2 = _http2;
        }
        if (http2 is not null)
            return http2.ShutdownAsync(drainTimeout);
        try
        {
            _closing.CancelAfter(drainTimeout);
        }
        catch (ObjectDisposedException)
        {
            // Already served.
        }
        return Task.CompletedTask;
    }

    /// <summary>Looks at the first bytes without consuming them: the HTTP/2 connection reads them again.</summary>
    private static async Task<bool> StartsWithPrefaceAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var (matches, whole) = Compare(buffer);
            if (!matches || whole || result.IsCompleted)
            {
                // Nothing examined: the next read returns these bytes at once.
                input.AdvanceTo(buffer.Start);
                return matches;
            }
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (bool Matches, bool Whole) Compare(ReadOnlySequence<byte> buffer)
    {
        var preface = Http2Limits.ClientPreface;
        var length = (int)Math.Min(buffer.Length, preface.Length);
        Span<byte> head = stackalloc byte[preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        return (head[..length].SequenceEqual(preface[..length]), length == preface.Length);
    }
}
