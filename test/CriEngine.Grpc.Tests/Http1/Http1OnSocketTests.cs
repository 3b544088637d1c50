using System.Text;
using CriEngine.Grpc.Http1;
using CriEngine.Grpc.Http2;
using CriEngine.TestSupport;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CriEngine.Grpc.Tests.Http1;

/// <summary>HTTP/1.1 requests beside HTTP/2 on one socket, told apart by their first bytes.</summary>
public sealed class Http1OnSocketTests
{
    private TestGrpcServer _server = null!;

    [SetUp]
    public async Task StartAsync() =>
        _server = await TestGrpcServer.StartAsync(TestMethods.Table(), http1: (request, _) => Task.FromResult(
            new Http1Response(200, "text/plain", Encoding.UTF8.GetBytes($"{request.Method} [{request.Path}] [{request.Query}]"))));

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Get_is_answered_by_the_handler_and_the_connection_closed()
    {
        var answer = await Http1TestClient.GetAsync(_server.SocketPath, "/containers/a%20b?verbose=1");

        Assert.That(answer, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(answer, Does.Contain("\r\nConnection: close\r\n").And.Contain("\r\nContent-Type: text/plain\r\n"));
        Assert.That(answer, Does.EndWith("\r\n\r\nGET [/containers/a b] [verbose=1]"));
    }

    [Test]
    public async Task Request_arriving_in_pieces_is_read_whole()
    {
        var answer = await Http1TestClient.ExchangeAsync(_server.SocketPath, "G", "ET /info HT", "TP/1.0\r\n", "\r\n");

        Assert.That(answer, Does.StartWith("HTTP/1.1 200 OK\r\n").And.EndWith("GET [/info] []"));
    }

    [TestCase("GET /info\r\n\r\n")]
    [TestCase("GET  /info HTTP/1.1\r\n\r\n")]
    [TestCase("GET info HTTP/1.1\r\n\r\n")]
    [TestCase("GET /info HTTP/9.9\r\n\r\n")]
    [TestCase("GET /info HTTP/1.1\r\nno colon here\r\n\r\n")]
    [TestCase("\u0016\u0003\u0001 hello\r\n\r\n")]
    public async Task Malformed_request_is_answered_400_without_reaching_the_handler(string request)
    {
        var answer = await Http1TestClient.ExchangeAsync(_server.SocketPath, request);

        Assert.That(answer, Does.StartWith("HTTP/1.1 400 Bad Request\r\n"));
        Assert.That(answer, Does.Contain("\r\nConnection: close\r\n").And.Not.Contain("GET ["));
    }

    [Test]
    public async Task Head_larger_than_the_limit_is_refused()
    {
        var answer = await Http1TestClient.ExchangeAsync(_server.SocketPath, "GET /info HTTP/1.1\r\nX-Big: " + new string('a', 20_000) + "\r\n\r\n");

        Assert.That(answer, Does.StartWith("HTTP/1.1 431 "));
    }

    [Test]
    public async Task Grpc_is_served_on_the_same_socket_also_when_the_preface_comes_in_pieces()
    {
        using var client = _server.Client();
        var reply = await client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFromUtf8("still grpc") }, BytesValue.Parser);

        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath, start: false);
        var preface = Http2Limits.ClientPreface.ToArray();
        await peer.SendRawAsync(preface.AsMemory(0, 5));
        await Task.Delay(50); // so that the server reads the preface in two parts
        await peer.SendRawAsync(preface.AsMemory(5));
        await peer.SendSettingsAsync();
        var settings = await peer.ReadUntilAsync(f => f.Header.Type == Http2FrameType.Settings && !f.Header.Has(Http2FrameFlags.Ack));

        Assert.That(reply.Value.ToStringUtf8(), Is.EqualTo("still grpc"));
        Assert.That(settings.Header.StreamId, Is.Zero);
    }
}
