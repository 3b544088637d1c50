using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CriEngine.TestSupport.Streaming;

/// <summary>
/// What kubectl does with an Exec or Attach URL over WebSocket (<c>v5.channel.k8s.io</c>): each
/// message's first byte names the channel (0 stdin, 1 stdout, 2 stderr, 3 the status, 4
/// resize), and a message <c>255, 0</c> closes stdin.
/// </summary>
public sealed class WebSocketExecClient : IAsyncDisposable
{
    public const string Protocol = "v5.channel.k8s.io";

    private const byte StdinChannel = 0, StdoutChannel = 1, StderrChannel = 2, StatusChannel = 3, ResizeChannel = 4, CloseChannel = 255;

    private readonly ClientWebSocket _socket;
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly Task _receiving;
    private readonly TaskCompletionSource _firstMessage = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _status = "";

    private WebSocketExecClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveAsync();
    }

    public static async Task<WebSocketExecClient> ConnectAsync(string url, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(Protocol);
        try
        {
            await socket.ConnectAsync(new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal)), cancellationToken);
            return new WebSocketExecClient(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the server's first message (its sign that the session is up) has come.</summary>
    public Task Started => _firstMessage.Task;

    public Task SendStdinAsync(string text) => SendAsync(StdinChannel, Encoding.UTF8.GetBytes(text));

    public Task CloseStdinAsync() => _socket.SendAsync(new byte[] { CloseChannel, StdinChannel }, WebSocketMessageType.Binary, true, CancellationToken.None);

    public Task ResizeAsync(int width, int height) => SendAsync(ResizeChannel, Encoding.UTF8.GetBytes($"{{\"Width\":{width},\"Height\":{height}}}"));

    /// <summary>What has come on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
                return Encoding.UTF8.GetString(_stdout.ToArray());
        }
    }

    /// <summary>Waits for the session's end: stdout, stderr and the exit code the status gave (0 for Success).</summary>
    public async Task<(string Stdout, string Stderr, int ExitCode, string Status)> WaitAsync(TimeSpan timeout)
    {
        await _receiving.WaitAsync(timeout);
        var exitCode = 0;
        if (_status.Length > 0 && JsonNode.Parse(_status) is JsonObject status && status["status"]?.GetValue<string>() != "Success")
        {
            var cause = status["details"]?["causes"]?.AsArray().FirstOrDefault(c => c?["reason"]?.GetValue<string>() == "ExitCode");
            exitCode = cause is null ? -1 : int.Parse(cause["message"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return (Stdout, Encoding.UTF8.GetString(_stderr.ToArray()), exitCode, _status);
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    private async Task SendAsync(byte channel, byte[] data)
    {
        await _socket.SendAsync((byte[])[channel, .. data], WebSocketMessageType.Binary, true, CancellationToken.None);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                _firstMessage.TrySetResult();
                return;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
                continue;
            var bytes = message.ToArray();
            message.SetLength(0);
            _firstMessage.TrySetResult();
            if (bytes.Length == 0)
                continue;
            var data = bytes.AsSpan(1);
            switch (bytes[0])
            {
                case StdoutChannel:
                    lock (_stdout)
                        _stdout.Write(data);
                    break;
                case StderrChannel:
                    _stderr.Write(data);
                    break;
                case StatusChannel:
                    _status += Encoding.UTF8.GetString(data);
                    break;
            }
        }
    }
}
