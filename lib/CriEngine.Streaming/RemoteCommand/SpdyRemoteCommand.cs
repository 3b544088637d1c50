using System.Threading.Channels;
using CriEngine.Streaming.Spdy;
using Microsoft.Extensions.Logging;

namespace CriEngine.Streaming.RemoteCommand;

/// <summary>
/// An exec or attach over SPDY: the client opens one stream per standard stream (named by
/// its <c>streamType</c> header) plus error and, with a TTY from v3 on, resize; the session
/// starts once all of them are there.
/// </summary>
internal static class SpdyRemoteCommand
{
    private static readonly TimeSpan StatusGrace = TimeSpan.FromSeconds(5);

    public static async Task ServeAsync(SpdyConnection connection, string protocol, object request, IStreamingRuntime runtime, TimeSpan streamCreationTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        var (stdin, stdout, stderr, tty) = RequestedStreams.Of(request);
        var expected = 1 + (stdin ? 1 : 0) + (stdout ? 1 : 0) + (stderr ? 1 : 0) + (tty && RemoteCommandProtocol.SpdyHasResize(protocol) ? 1 : 0);
        var arrived = Channel.CreateUnbounded<SpdyStream>();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(async () =>
        {
            await connection.RunAsync(_ => true, stream => arrived.Writer.TryWrite(stream), session.Token);
            arrived.Writer.TryComplete();
            // The client is gone: whatever the runtime is doing has nobody to serve.
            await session.CancelAsync();
        }, CancellationToken.None);

        var resizing = Task.CompletedTask;
        var streams = await WaitForStreamsAsync(arrived.Reader, expected, streamCreationTimeout, logger, session.Token);
        if (streams is not null)
        {
            var resize = Channel.CreateUnbounded<TerminalSize>();
            if (streams.TryGetValue(StreamType.Resize, out var resizeStream))
                resizing = ResizeDecoder.PumpAsync(resizeStream.AsStream(canRead: true, canWrite: false), resize.Writer, session.Token);
            else
                resize.Writer.TryComplete();
            var channels = new StreamingChannels(
                stdin && streams.TryGetValue(StreamType.Stdin, out var input) ? input.AsStream(canRead: true, canWrite: false) : null,
                stdout && streams.TryGetValue(StreamType.Stdout, out var output) ? output.AsStream(canRead: false, canWrite: true) : null,
                stderr && streams.TryGetValue(StreamType.Stderr, out var errors) ? errors.AsStream(canRead: false, canWrite: true) : null,
                resize.Reader);
            var status = await RemoteCommandRunner.RunAsync(request, runtime, channels, logger, session.Token);
            if (status is not null && streams.TryGetValue(StreamType.Error, out var errorStream))
            {
                var bytes = RemoteCommandProtocol.HasJsonStatus(protocol) ? status.ToJson() : status.ToText();
                // A client that stopped reading gets a few seconds for its status, not forever.
                using var grace = new CancellationTokenSource(StatusGrace);
                try
                {
                    if (bytes.Length > 0)
                        await errorStream.WriteAsync(bytes, grace.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    logger.LogDebug("streaming: could not send the status: {Error}", e.Message);
                }
            }
        }
        await connection.CloseAsync();
        await session.CancelAsync();
        await reading;
        await resizing;
    }

    /// <summary>The streams by type once <paramref name="expected"/> have arrived; null on timeout or when the client left first.</summary>
    private static async Task<Dictionary<string, SpdyStream>?> WaitForStreamsAsync(ChannelReader<SpdyStream> arrived, int expected, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        var received = 0;
        try
        {
            while (received < expected)
            {
                var stream = await arrived.ReadAsync(deadline.Token);
                received++;
                var type = stream.Headers.Get(StreamType.Header) ?? "";
                if (StreamType.RemoteCommand.Contains(type))
                    streams[type] = stream;
                else
                    logger.LogWarning("streaming: unexpected stream type {Type}", type);
            }
            return streams;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("streaming: timed out waiting for the client to create streams ({Received} of {Expected})", received, expected);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
