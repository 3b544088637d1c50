using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using CriEngine.TestSupport;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CriEngine.Grpc.Tests.Grpc;

/// <summary>The gRPC layer, driven by .NET's own HTTP/2 client: a second, independent implementation.</summary>
public sealed class GrpcServerTests
{
    private TestGrpcServer _server = null!;
    private GrpcClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await TestGrpcServer.StartAsync(TestMethods.Table(), new GrpcServerOptions { MaxReceiveMessageSize = 64 << 20, MaxSendMessageSize = 64 << 20 });
        _client = _server.Client();
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Unary_call_returns_the_handler_reply()
    {
        var reply = await _client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFromUtf8("hello") }, BytesValue.Parser);

        Assert.That(reply.Value.ToStringUtf8(), Is.EqualTo("hello"));
    }

    [Test]
    public async Task Empty_request_message_is_a_valid_call()
    {
        var reply = await _client.UnaryAsync(TestMethods.Echo, new BytesValue(), BytesValue.Parser);

        Assert.That(reply.Value.IsEmpty, Is.True);
    }

    [Test]
    public async Task Many_parallel_calls_on_one_connection_all_get_their_own_reply()
    {
        var calls = Enumerable.Range(0, 500).Select(async i =>
        {
            var reply = await _client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFromUtf8($"call {i}") }, BytesValue.Parser);
            return reply.Value.ToStringUtf8() == $"call {i}";
        });

        var results = await Task.WhenAll(calls);

        Assert.That(results, Is.All.True);
    }

    [Test]
    public async Task Many_connections_are_served_at_once()
    {
        var clients = Enumerable.Range(0, 20).Select(_ => _server.Client()).ToList();
        try
        {
            var results = await Task.WhenAll(clients.SelectMany((client, c) => Enumerable.Range(0, 20).Select(async i =>
            {
                var text = $"{c}/{i}";
                var reply = await client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFromUtf8(text) }, BytesValue.Parser);
                return reply.Value.ToStringUtf8() == text;
            })));

            Assert.That(results, Has.Length.EqualTo(400).And.All.True);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task A_50_MB_message_travels_both_ways_intact()
    {
        var payload = TestMethods.Pattern(50 << 20);

        var reply = await _client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFrom(payload) }, BytesValue.Parser, TimeSpan.FromMinutes(2));

        Assert.That(reply.Value.Length, Is.EqualTo(payload.Length));
        Assert.That(reply.Value.Span.SequenceEqual(payload), Is.True);
    }

    [Test]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        var received = new List<int>();
        await foreach (var message in _client.ServerStreamingAsync(TestMethods.Count, new Int32Value { Value = 1000 }, Int32Value.Parser))
            received.Add(message.Value);

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 1000)));
    }

    [Test]
    public async Task Server_streaming_with_no_messages_ends_with_ok()
    {
        var received = 0;
        await foreach (var _ in _client.ServerStreamingAsync(TestMethods.Count, new Int32Value { Value = 0 }, Int32Value.Parser))
            received++;

        Assert.That(received, Is.Zero);
    }

    [Test]
    public void Unknown_method_is_unimplemented_and_named()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync("/test.Test/Nope", new Empty(), Empty.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(error.Message, Does.Contain("/test.Test/Nope"));
    }

    [Test]
    public async Task Deadline_cancels_the_handler_and_answers_deadline_exceeded()
    {
        var started = DateTime.UtcNow;

        var error = Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(TestMethods.Sleep, new Empty(), Empty.Parser, TimeSpan.FromMilliseconds(300)));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
        await TestMethods.SleepCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Client_cancellation_cancels_the_handler()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.CatchAsync<OperationCanceledException>(() => _client.UnaryAsync(TestMethods.Sleep, new Empty(), Empty.Parser, cancellationToken: cancel.Token));

        await TestMethods.SleepCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public void Domain_error_reaches_the_client_with_its_code_and_message()
    {
        var message = "pod 3f2a: not found — ünïcode % ok";

        var error = Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(TestMethods.Fail, new StringValue { Value = message }, Empty.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Is.EqualTo(message));
    }

    [Test]
    public void Unexpected_handler_exception_is_internal_with_its_message()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(TestMethods.Crash, new Empty(), Empty.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Message, Is.EqualTo("the handler broke"));
    }

    [Test]
    public async Task Calls_still_work_after_errors_on_the_same_connection()
    {
        Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(TestMethods.Crash, new Empty(), Empty.Parser));
        Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync("/x/y", new Empty(), Empty.Parser));

        var reply = await _client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFromUtf8("ok") }, BytesValue.Parser);

        Assert.That(reply.Value.ToStringUtf8(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Request_over_the_receive_limit_is_resource_exhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.Table(), new GrpcServerOptions { MaxReceiveMessageSize = 1000 });
        using var client = server.Client();

        var error = Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(TestMethods.Echo, new BytesValue { Value = ByteString.CopyFrom(new byte[2000]) }, BytesValue.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(error.Message, Does.Contain("larger than max"));
    }

    [Test]
    public async Task Reply_over_the_send_limit_is_resource_exhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.Table(), new GrpcServerOptions { MaxSendMessageSize = 1000 });
        using var client = server.Client();

        var error = Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(TestMethods.Big, new Int32Value { Value = 5000 }, BytesValue.Parser));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test]
    public async Task Undecodable_message_is_invalid_argument()
    {
        // Field 1 as a length-delimited value that claims more bytes than there are.
        var (status, message) = await RawCallAsync(TestMethods.Echo, [0, 0, 0, 0, 2, 0x0a, 0x7f]);

        Assert.That(status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(message, Does.Contain(TestMethods.Echo));
    }

    [Test]
    public async Task Unsupported_message_encoding_is_unimplemented()
    {
        var (status, message) = await RawCallAsync(TestMethods.Echo, [1, 0, 0, 0, 1, 0], encoding: "snappy");

        Assert.That(status, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(message, Does.Contain("snappy"));
    }

    [Test]
    public async Task Gzip_compressed_request_is_understood()
    {
        var plain = new BytesValue { Value = ByteString.CopyFromUtf8("compressed hello") }.ToByteArray();
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(plain);
        var body = new byte[5 + compressed.Length];
        body[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)compressed.Length);
        compressed.ToArray().CopyTo(body, 5);

        var (status, _, reply) = await RawCallWithReplyAsync(TestMethods.Echo, body, encoding: "gzip");

        Assert.That(status, Is.EqualTo(StatusCode.OK));
        Assert.That(BytesValue.Parser.ParseFrom(reply.AsSpan(5)).Value.ToStringUtf8(), Is.EqualTo("compressed hello"));
    }

    [Test]
    public async Task Compressed_flag_without_an_encoding_is_internal()
    {
        var (status, _) = await RawCallAsync(TestMethods.Echo, [1, 0, 0, 0, 0]);

        Assert.That(status, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task Truncated_message_is_internal()
    {
        var (status, message) = await RawCallAsync(TestMethods.Echo, [0, 0, 0, 0, 10, 1, 2]);

        Assert.That(status, Is.EqualTo(StatusCode.Internal));
        Assert.That(message, Does.Contain("ended inside a message"));
    }

    [Test]
    public async Task Two_request_messages_on_a_unary_call_are_internal()
    {
        var (status, message) = await RawCallAsync(TestMethods.Echo, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.That(status, Is.EqualTo(StatusCode.Internal));
        Assert.That(message, Does.Contain("more than one"));
    }

    [Test]
    public async Task Malformed_timeout_is_invalid_argument()
    {
        var (status, message) = await RawCallAsync(TestMethods.Echo, [0, 0, 0, 0, 0], timeout: "soon");

        Assert.That(status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(message, Does.Contain("grpc-timeout"));
    }

    [Test]
    public async Task Wrong_content_type_is_refused_with_415()
    {
        using var http = RawHttp();
        using var request = Post(TestMethods.Echo, [0, 0, 0, 0, 0]);
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    private HttpClient RawHttp() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_server.SocketPath), token);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = new Uri("http://localhost"),
    };

    private static HttpRequestMessage Post(string method, byte[] body) => new(HttpMethod.Post, method)
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = new ByteArrayContent(body),
    };

    private async Task<(StatusCode Status, string Message)> RawCallAsync(string method, byte[] body, string? encoding = null, string? timeout = null)
    {
        var (status, message, _) = await RawCallWithReplyAsync(method, body, encoding, timeout);
        return (status, message);
    }

    private async Task<(StatusCode Status, string Message, byte[] Reply)> RawCallWithReplyAsync(string method, byte[] body, string? encoding = null, string? timeout = null)
    {
        using var http = RawHttp();
        using var request = Post(method, body);
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        if (encoding is not null)
            request.Headers.Add("grpc-encoding", encoding);
        if (timeout is not null)
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);

        using var response = await http.SendAsync(request);
        var reply = await response.Content.ReadAsByteArrayAsync();
        var status = Value(response.TrailingHeaders, "grpc-status") ?? Value(response.Headers, "grpc-status");
        var message = Value(response.TrailingHeaders, "grpc-message") ?? Value(response.Headers, "grpc-message") ?? "";
        return ((StatusCode)int.Parse(status!), GrpcStatusMessage.Decode(message), reply);

        static string? Value(HttpHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.First() : null;
    }
}
