using System.Text.Json.Nodes;
using NUnit.Framework;

namespace CriEngine.TestSupport.Streaming;

/// <summary>An exec or attach as client-go runs it over SPDY: the streams it opens, then the outcome.</summary>
internal sealed class SpdyExecSession : IAsyncDisposable
{
    private SpdyExecSession(SpdyTestClient client) => Client = client;

    public SpdyTestClient Client { get; }

    public SpdyTestClient.ClientStream Error { get; private set; } = null!;

    public SpdyTestClient.ClientStream? Stdin { get; private set; }

    public SpdyTestClient.ClientStream? Stdout { get; private set; }

    public SpdyTestClient.ClientStream? Stderr { get; private set; }

    public SpdyTestClient.ClientStream? Resize { get; private set; }

    public static async Task<SpdyExecSession> OpenAsync(string url, bool stdin, bool stdout, bool stderr, bool tty, string protocol = "v4.channel.k8s.io")
    {
        var session = new SpdyExecSession(await SpdyTestClient.ConnectAsync(url, "POST", protocol));
        Assert.That(session.Client.Upgraded, Is.True, session.Client.ResponseHead);
        session.Error = await session.Client.OpenStreamAsync(("streamType", "error"));
        if (stdin)
            session.Stdin = await session.Client.OpenStreamAsync(("streamType", "stdin"));
        if (stdout)
            session.Stdout = await session.Client.OpenStreamAsync(("streamType", "stdout"));
        if (stderr)
            session.Stderr = await session.Client.OpenStreamAsync(("streamType", "stderr"));
        if (tty && protocol is "v4.channel.k8s.io" or "v3.channel.k8s.io")
            session.Resize = await session.Client.OpenStreamAsync(("streamType", "resize"));
        return session;
    }

    /// <summary>The Status JSON the server sent on the error stream when the session ended.</summary>
    public async Task<JsonNode> StatusAsync()
    {
        var text = await Error.ReadToEndAsync(TimeSpan.FromSeconds(30));
        return JsonNode.Parse(text) ?? throw new AssertionException("no status on the error stream");
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
