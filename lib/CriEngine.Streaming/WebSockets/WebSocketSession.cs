using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using CriEngine.Streaming.RemoteCommand;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CriEngine.Streaming.WebSockets;

/// <summary>
/// Exec, attach and port forward over WebSocket, as kubelet serves them. Exec and attach use
/// channels 0 stdin, 1 stdout, 2 stderr, 3 error (the Status), 4 resize; port forward uses
/// 2i for data and 2i+1 for errors of the i-th port, each opened by a message holding the
/// port as a little-endian uint16.
/// </summary>
internal static class WebSocketSession
{
    private const byte Stdin = 0, Stdout = 1, Stderr = 2, Error = 3, Resize = 4;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private static readonly string[] PortForwardProtocols = ["portforward.k8s.io", RemoteCommandProtocol.V4, RemoteCommandProtocol.V4Base64, ""];

    public static async Task ServeAsync(HttpContext context, object request, IStreamingRuntime runtime, StreamingServerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var isPortForward = request is PortForwardRequest;
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var supported = isPortForward ? PortForwardProtocols : RemoteCommandProtocol.WebSocket;
        // The client's first protocol the server knows; a client that names none gets the unversioned one.
        var protocol = requested.Count == 0 ? "" : requested.FirstOrDefault(p => p != "" && supported.Contains(p));
        if (protocol is null)
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status403Forbidden,
                $"unable to upgrade: requested protocol(s) are not supported: [{string.Join(' ', requested)}]; supports [{string.Join(' ', supported.Where(p => p != ""))}]");
            return;
        }
        IReadOnlyList<int> ports = [];
        if (request is PortForwardRequest portForward && !TryGetPorts(context, portForward, out ports, out var problem))
        {
            await PlainTextResponse.WriteAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol == "" ? null : protocol });
        using var idle = new IdleTimeout(options.IdleTimeout);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        var base64 = RemoteCommandProtocol.IsBase64(protocol);
        if (request is PortForwardRequest forward)
        {
            var readable = Enumerable.Range(0, ports.Count).Select(i => (byte)(2 * i));
            var channels = new ChannelWebSocket(socket, base64, closeSignals: false, readable, idle.Touch);
            await ServePortForwardAsync(channels, forward.PodSandboxId, ports, runtime, logger, session);
        }
        else
        {
            var channels = new ChannelWebSocket(socket, base64, closeSignals: protocol == RemoteCommandProtocol.V5, [Stdin, Resize], idle.Touch);
            await ServeRemoteCommandAsync(channels, protocol, request, runtime, logger, session);
        }
    }

    private static async Task ServeRemoteCommandAsync(ChannelWebSocket socket, string protocol, object request, IStreamingRuntime runtime, ILogger logger, CancellationTokenSource session)
    {
        var (stdin, stdout, stderr, _) = RequestedStreams.Of(request);
        var receiving = ReceiveThenCancelAsync(socket, session);
        // An empty message on the first channel the server writes tells the client the session is up.
        await socket.SendAsync(stdout ? Stdout : stderr ? Stderr : Error, ReadOnlyMemory<byte>.Empty, session.Token);
        var resize = Channel.CreateUnbounded<TerminalSize>();
        var resizing = ResizeDecoder.PumpAsync(socket.Open(Resize, canWrite: false), resize.Writer, session.Token);
        var channels = new StreamingChannels(
            stdin ? socket.Open(Stdin, canWrite: false) : null,
            stdout ? socket.Open(Stdout, canWrite: true) : null,
            stderr ? socket.Open(Stderr, canWrite: true) : null,
            resize.Reader);
        var status = await RemoteCommandRunner.RunAsync(request, runtime, channels, logger, session.Token);
        if (status is not null)
        {
            var bytes = RemoteCommandProtocol.HasJsonStatus(protocol) ? status.ToJson() : status.ToText();
            if (bytes.Length > 0)
                await socket.SendAsync(Error, bytes, session.Token);
        }
        await EndAsync(socket, session, receiving);
        await resizing;
    }

    private static async Task ServePortForwardAsync(ChannelWebSocket socket, string podSandboxId, IReadOnlyList<int> ports, IStreamingRuntime runtime, ILogger logger, CancellationTokenSource session)
    {
        var receiving = ReceiveThenCancelAsync(socket, session);
        var forwards = new List<Task>();
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var data = (byte)(2 * i);
            var error = (byte)(2 * i + 1);
            var portBytes = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(portBytes, (ushort)port);
            await socket.SendAsync(data, portBytes, session.Token);
            await socket.SendAsync(error, portBytes, session.Token);
            forwards.Add(ForwardAsync(socket, podSandboxId, port, data, error, runtime, logger, session.Token));
        }
        await Task.WhenAll(forwards);
        await EndAsync(socket, session, receiving);
    }

    private static async Task ForwardAsync(ChannelWebSocket socket, string podSandboxId, int port, byte data, byte error, IStreamingRuntime runtime, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.PortForwardAsync(podSandboxId, port, socket.Open(data, canWrite: true), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            var message = $"error forwarding port {port} to pod {podSandboxId}: {e.Message}";
            logger.LogWarning("streaming: {Message}", message);
            try
            {
                await socket.SendAsync(error, Encoding.UTF8.GetBytes(message), cancellationToken);
            }
            catch (Exception sendError) when (sendError is IOException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Sends the close frame and gives the client a moment to answer it before the connection goes.</summary>
    private static async Task EndAsync(ChannelWebSocket socket, CancellationTokenSource session, Task receiving)
    {
        await socket.CloseAsync();
        await Task.WhenAny(receiving, Task.Delay(CloseGrace));
        await session.CancelAsync();
        await receiving;
    }

    /// <summary>Receives until the client closes; then nothing the session does has anyone to serve.</summary>
    private static async Task ReceiveThenCancelAsync(ChannelWebSocket socket, CancellationTokenSource session)
    {
        await Task.Yield();
        await socket.ReceiveAsync(session.Token);
        await session.CancelAsync();
    }

    /// <summary>Ports from the <c>port</c> query (repeated or comma-separated, as kubelet reads them), else from the CRI request.</summary>
    private static bool TryGetPorts(HttpContext context, PortForwardRequest request, out IReadOnlyList<int> ports, out string problem)
    {
        var values = context.Request.Query["port"];
        problem = "";
        if (values.Count == 0)
        {
            ports = request.Ports;
            if (ports.Count == 0)
                problem = "query parameter \"port\" is required";
            return ports.Count > 0;
        }
        var parsed = new List<int>();
        foreach (var text in values.SelectMany(v => (v ?? "").Split(',')))
        {
            if (!ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
            {
                ports = [];
                problem = $"unable to parse \"{text}\" as a port: must be 1 to 65535";
                return false;
            }
            parsed.Add(port);
        }
        ports = parsed;
        return true;
    }
}
