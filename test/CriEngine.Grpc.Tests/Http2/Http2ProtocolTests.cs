using System.Buffers.Binary;
using CriEngine.Grpc.Hpack;
using CriEngine.Grpc.Http2;
using CriEngine.TestSupport;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CriEngine.Grpc.Tests.Http2;

/// <summary>The HTTP/2 server against a raw peer that sends exactly the frames a test writes (RFC 9113).</summary>
public sealed class Http2ProtocolTests
{
    private TestGrpcServer _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await TestGrpcServer.StartAsync(TestMethods.Table());

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    private static byte[] EchoBody(string text) => GrpcFraming.Frame(new BytesValue { Value = ByteString.CopyFromUtf8(text) });

    private static string EchoReply(Http2TestResponse response) =>
        BytesValue.Parser.ParseFrom(response.Data.Skip(GrpcFraming.PrefixLength).ToArray()).Value.ToStringUtf8();

    private static async Task<Http2TestResponse> EchoAsync(Http2TestPeer peer, int streamId, string text)
    {
        await peer.SendHeadersAsync(streamId, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendDataAsync(streamId, EchoBody(text), endStream: true);
        return await peer.ReadResponseAsync(streamId);
    }

    [Test]
    public async Task Server_opens_with_settings_and_a_larger_connection_window()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        var settings = await peer.ReadFrameAsync();
        var windowUpdate = await peer.ReadFrameAsync();

        Assert.That(settings!.Header.Type, Is.EqualTo(Http2FrameType.Settings));
        Assert.That(settings.Header.Has(Http2FrameFlags.Ack), Is.False);
        var values = Enumerable.Range(0, settings.Payload.Length / 6).ToDictionary(
            i => (Http2SettingId)BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i * 6)),
            i => BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan(i * 6 + 2)));
        Assert.That(values[Http2SettingId.MaxConcurrentStreams], Is.GreaterThanOrEqualTo(100u));
        Assert.That(windowUpdate!.Header.Type, Is.EqualTo(Http2FrameType.WindowUpdate));
        Assert.That(windowUpdate.Header.StreamId, Is.Zero);
    }

    [Test]
    public async Task Settings_are_acknowledged()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        var ack = await peer.ReadUntilAsync(f => f.Header.Type == Http2FrameType.Settings && f.Header.Has(Http2FrameFlags.Ack));

        Assert.That(ack.Payload, Is.Empty);
    }

    [Test]
    public async Task Socket_path_as_authority_is_accepted()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        // HttpClient refuses such an authority, so only a raw peer can send what kubelets up to 1.30 send.
        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Authority, "/var/run/crio/crio.sock"), endStream: false);
        await peer.SendDataAsync(1, GrpcFraming.Frame(new Empty()), endStream: true);
        var response = await peer.ReadResponseAsync(1);

        Assert.That(response.Header(":status"), Is.EqualTo("200"));
        Assert.That(response.Status(), Is.EqualTo("0"));
        Assert.That(StringValue.Parser.ParseFrom(response.Data.Skip(GrpcFraming.PrefixLength).ToArray()).Value, Is.EqualTo("/var/run/crio/crio.sock"));
    }

    [Test]
    public async Task Ping_is_answered_with_the_same_payload()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await peer.SendFrameAsync(Http2FrameType.Ping, Http2FrameFlags.None, 0, [1, 2, 3, 4, 5, 6, 7, 8]);
        var pong = await peer.ReadUntilAsync(f => f.Header.Type == Http2FrameType.Ping);

        Assert.That(pong.Header.Has(Http2FrameFlags.Ack), Is.True);
        Assert.That(pong.Payload, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
    }

    [Test]
    public async Task Header_block_split_over_continuation_frames_is_reassembled()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        var block = peer.EncodeHeaders(Http2TestPeer.GrpcRequest(TestMethods.Echo));
        var third = block.Length / 3;

        await peer.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.None, 1, block.AsSpan(0, third));
        await peer.SendFrameAsync(Http2FrameType.Continuation, Http2FrameFlags.None, 1, block.AsSpan(third, third));
        await peer.SendFrameAsync(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, block.AsSpan(2 * third));
        await peer.SendDataAsync(1, EchoBody("split"), endStream: true);
        var response = await peer.ReadResponseAsync(1);

        Assert.That(EchoReply(response), Is.EqualTo("split"));
    }

    [Test]
    public async Task Padded_headers_and_data_are_understood()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        var block = peer.EncodeHeaders(Http2TestPeer.GrpcRequest(TestMethods.Echo));
        var body = EchoBody("padded");

        await peer.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders | Http2FrameFlags.Padded | Http2FrameFlags.Priority, 1,
            [3, 0, 0, 0, 0, 16, .. block, 0, 0, 0]);
        await peer.SendFrameAsync(Http2FrameType.Data, Http2FrameFlags.EndStream | Http2FrameFlags.Padded, 1, [5, .. body, 0, 0, 0, 0, 0]);
        var response = await peer.ReadResponseAsync(1);

        Assert.That(EchoReply(response), Is.EqualTo("padded"));
    }

    [Test]
    public async Task Streams_interleave_on_one_connection()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendHeadersAsync(3, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendDataAsync(3, EchoBody("three"), endStream: true);
        var three = await peer.ReadResponseAsync(3);
        await peer.SendDataAsync(1, EchoBody("one"), endStream: true);
        var one = await peer.ReadResponseAsync(1);

        Assert.That(EchoReply(three), Is.EqualTo("three"));
        Assert.That(EchoReply(one), Is.EqualTo("one"));
    }

    [Test]
    public async Task Unknown_frame_types_are_ignored()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await peer.SendFrameAsync((Http2FrameType)0xEE, Http2FrameFlags.None, 0, [1, 2, 3]);
        var response = await EchoAsync(peer, 1, "still here");

        Assert.That(EchoReply(response), Is.EqualTo("still here"));
    }

    [Test]
    public async Task Response_waits_for_the_clients_stream_window()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath, start: false);
        await peer.SendRawAsync(Http2Limits.ClientPreface.ToArray());
        await peer.SendSettingsAsync((Http2SettingId.InitialWindowSize, 0));

        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendDataAsync(1, EchoBody("windowed"), endStream: true);
        var headers = await peer.ReadUntilAsync(f => f.Header.StreamId == 1);
        Assert.That(headers.Header.Type, Is.EqualTo(Http2FrameType.Headers), "headers are not flow-controlled");

        // Nothing more can come for stream 1 until the window opens: a PING answer proves the server is idle.
        await peer.SendFrameAsync(Http2FrameType.Ping, Http2FrameFlags.None, 0, new byte[8]);
        var next = await peer.ReadUntilAsync(f => f.Header.StreamId == 1 || f.Header.Type == Http2FrameType.Ping);
        Assert.That(next.Header.Type, Is.EqualTo(Http2FrameType.Ping));

        await peer.SendWindowUpdateAsync(1, 1000);
        var response = await peer.ReadResponseAsync(1, headers.Fields);
        Assert.That(EchoReply(response), Is.EqualTo("windowed"));
        Assert.That(response.Status(), Is.EqualTo("0"));
    }

    [Test]
    public async Task Window_update_of_zero_on_a_stream_resets_only_that_stream()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendWindowUpdateAsync(1, 0);
        var reset = await peer.ReadUntilAsync(f => f.Header.Type == Http2FrameType.RstStream);
        var response = await EchoAsync(peer, 3, "next");

        Assert.That(reset.Header.StreamId, Is.EqualTo(1));
        Assert.That((Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(reset.Payload), Is.EqualTo(Http2ErrorCode.ProtocolError));
        Assert.That(EchoReply(response), Is.EqualTo("next"));
    }

    [Test]
    public async Task Malformed_request_resets_the_stream_and_the_connection_goes_on()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await peer.SendHeadersAsync(1, [new(":method", "POST"), new(":scheme", "http"), new(":path", TestMethods.Echo), new("Content-Type", "application/grpc")], endStream: true);
        var reset = await peer.ReadResponseAsync(1);
        var response = await EchoAsync(peer, 3, "after");

        Assert.That(reset.ResetCode, Is.EqualTo(Http2ErrorCode.ProtocolError));
        Assert.That(EchoReply(response), Is.EqualTo("after"));
    }

    [TestCase(":path", null, TestName = "Request_without_path_is_malformed")]
    [TestCase("connection", "keep-alive", TestName = "Connection_specific_field_is_malformed")]
    [TestCase("te", "gzip", TestName = "Te_other_than_trailers_is_malformed")]
    [TestCase(":protocol", "x", TestName = "Unknown_pseudo_header_is_malformed")]
    public async Task Malformed_requests_are_reset_with_protocol_error(string name, string? value)
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        var fields = Http2TestPeer.GrpcRequest(TestMethods.Echo).Where(f => f.Name != name).ToList();
        if (value is not null)
            fields.Insert(name.StartsWith(':') ? 0 : fields.Count, new HeaderField(name, value));

        await peer.SendHeadersAsync(1, fields, endStream: true);
        var reset = await peer.ReadResponseAsync(1);

        Assert.That(reset.ResetCode, Is.EqualTo(Http2ErrorCode.ProtocolError));
    }

    [Test]
    public async Task Header_list_over_the_limit_is_answered_431()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        var fields = Http2TestPeer.GrpcRequest(TestMethods.Echo).Concat(Enumerable.Range(0, 20).Select(i => new HeaderField($"x-big-{i}", new string('v', 4000)))).ToList();
        var block = peer.EncodeHeaders(fields);

        await peer.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndStream, 1, block.AsSpan(0, 16000));
        for (var offset = 16000; offset < block.Length; offset += 16000)
        {
            var length = Math.Min(16000, block.Length - offset);
            await peer.SendFrameAsync(Http2FrameType.Continuation, offset + length == block.Length ? Http2FrameFlags.EndHeaders : 0, 1, block.AsSpan(offset, length));
        }
        var response = await peer.ReadResponseAsync(1);

        Assert.That(response.Header(":status"), Is.EqualTo("431"));
    }

    [Test]
    public async Task Too_many_concurrent_streams_are_refused()
    {
        await using var server = await TestGrpcServer.StartAsync(TestMethods.Table(), http2: new Http2ServerOptions { MaxConcurrentStreams = 2 });
        await using var peer = await Http2TestPeer.ConnectAsync(server.SocketPath);

        foreach (var id in new[] { 1, 3, 5 })
            await peer.SendHeadersAsync(id, Http2TestPeer.GrpcRequest(TestMethods.Sleep), endStream: false);
        var refused = await peer.ReadResponseAsync(5);

        Assert.That(refused.ResetCode, Is.EqualTo(Http2ErrorCode.RefusedStream));
    }

    [Test]
    public async Task Client_reset_cancels_the_handler()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Sleep), endStream: false);
        await peer.SendDataAsync(1, GrpcFraming.Frame(new Empty()), endStream: true);
        await TestMethods.SleepStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await peer.SendFrameAsync(Http2FrameType.RstStream, 0, 1, [0, 0, 0, (byte)Http2ErrorCode.Cancel]);

        await TestMethods.SleepCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var response = await EchoAsync(peer, 3, "alive");
        Assert.That(EchoReply(response), Is.EqualTo("alive"));
    }

    private static IEnumerable<TestCaseData> ConnectionErrors()
    {
        static TestCaseData Case(string name, Http2ErrorCode code, Func<Http2TestPeer, Task> send) =>
            new TestCaseData(code, send).SetName(name);

        yield return Case("Headers_on_stream_zero_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendHeadersAsync(0, Http2TestPeer.GrpcRequest(TestMethods.Echo), true));
        yield return Case("Even_stream_id_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendHeadersAsync(2, Http2TestPeer.GrpcRequest(TestMethods.Echo), true));
        yield return Case("Data_on_an_idle_stream_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendDataAsync(7, [0, 0, 0, 0, 0], true));
        yield return Case("Frame_over_max_frame_size_is_a_frame_size_error", Http2ErrorCode.FrameSizeError,
            p => p.SendFrameAsync(Http2FrameType.Data, 0, 1, new byte[20000]));
        yield return Case("Ping_of_wrong_length_is_a_frame_size_error", Http2ErrorCode.FrameSizeError,
            p => p.SendFrameAsync(Http2FrameType.Ping, 0, 0, [1, 2, 3]));
        yield return Case("Ping_on_a_stream_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendFrameAsync(Http2FrameType.Ping, 0, 1, new byte[8]));
        yield return Case("Settings_of_odd_length_is_a_frame_size_error", Http2ErrorCode.FrameSizeError,
            p => p.SendFrameAsync(Http2FrameType.Settings, 0, 0, [0, 1, 0]));
        yield return Case("Settings_ack_with_payload_is_a_frame_size_error", Http2ErrorCode.FrameSizeError,
            p => p.SendFrameAsync(Http2FrameType.Settings, Http2FrameFlags.Ack, 0, [0, 1, 0, 0, 0, 0]));
        yield return Case("Enable_push_of_two_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendSettingsAsync((Http2SettingId.EnablePush, 2)));
        yield return Case("Initial_window_over_max_is_a_flow_control_error", Http2ErrorCode.FlowControlError,
            p => p.SendSettingsAsync((Http2SettingId.InitialWindowSize, 0x8000_0000)));
        yield return Case("Max_frame_size_below_minimum_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendSettingsAsync((Http2SettingId.MaxFrameSize, 100)));
        yield return Case("Push_promise_from_a_client_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendFrameAsync(Http2FrameType.PushPromise, Http2FrameFlags.EndHeaders, 1, [0, 0, 0, 2]));
        yield return Case("Window_update_of_zero_on_the_connection_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendWindowUpdateAsync(0, 0));
        yield return Case("Connection_window_past_the_maximum_is_a_flow_control_error", Http2ErrorCode.FlowControlError,
            p => p.SendWindowUpdateAsync(0, 0x7fff_ffff));
        yield return Case("Continuation_without_headers_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendFrameAsync(Http2FrameType.Continuation, Http2FrameFlags.EndHeaders, 1, [0x82]));
        yield return Case("Undecodable_header_block_is_a_compression_error", Http2ErrorCode.CompressionError,
            p => p.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.EndHeaders, 1, [0x80]));
        yield return Case("Rst_stream_on_an_idle_stream_is_a_protocol_error", Http2ErrorCode.ProtocolError,
            p => p.SendFrameAsync(Http2FrameType.RstStream, 0, 9, [0, 0, 0, 8]));
        yield return Case("Other_frame_inside_a_header_block_is_a_protocol_error", Http2ErrorCode.ProtocolError, async p =>
        {
            var block = p.EncodeHeaders(Http2TestPeer.GrpcRequest(TestMethods.Echo));
            await p.SendFrameAsync(Http2FrameType.Headers, Http2FrameFlags.None, 1, block.AsSpan(0, 4));
            await p.SendFrameAsync(Http2FrameType.Ping, 0, 0, new byte[8]);
        });
        yield return Case("Reused_stream_id_is_an_error", Http2ErrorCode.StreamClosed, async p =>
        {
            await p.SendHeadersAsync(5, Http2TestPeer.GrpcRequest(TestMethods.Echo), false);
            await p.SendDataAsync(5, GrpcFraming.Frame(new BytesValue()), true);
            await p.ReadResponseAsync(5);
            await p.SendHeadersAsync(3, Http2TestPeer.GrpcRequest(TestMethods.Echo), true);
        });
    }

    [TestCaseSource(nameof(ConnectionErrors))]
    public async Task Connection_errors_end_in_goaway_with_their_code(Http2ErrorCode expected, Func<Http2TestPeer, Task> send)
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);

        await send(peer);
        var (_, code, debug) = await peer.ReadGoAwayAsync();

        Assert.That(code, Is.EqualTo(expected), debug);
        Assert.That(await peer.ReadFrameAsync(), Is.Null, "the connection closes after GOAWAY");
        await using var next = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        Assert.That(EchoReply(await EchoAsync(next, 1, "server still up")), Is.EqualTo("server still up"));
    }

    [Test]
    public async Task Random_frames_never_take_the_server_down()
    {
        var random = new Random(20261122);
        for (var round = 0; round < 200; round++)
        {
            await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
            var garbage = new byte[random.Next(1, 600)];
            random.NextBytes(garbage);
            // Frame headers with plausible lengths reach deeper into the parser than pure noise.
            if (round % 2 == 0 && garbage.Length >= 9)
            {
                garbage[0] = 0;
                garbage[1] = 0;
                garbage[2] = (byte)Math.Min(garbage.Length - 9, 255);
                garbage[3] = (byte)(garbage[3] % 10);
            }
            await peer.SendRawAsync(garbage);
            while (await peer.ReadFrameAsync() is { } frame && frame.Header.Type != Http2FrameType.GoAway)
            {
                if (frame.Header.Type == Http2FrameType.Settings && frame.Header.Has(Http2FrameFlags.Ack))
                    break;
            }
        }

        await using var last = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        Assert.That(EchoReply(await EchoAsync(last, 1, "survived")), Is.EqualTo("survived"));
    }

    [Test]
    public async Task Wrong_preface_is_refused()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath, start: false);

        await peer.SendRawAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var (_, code, _) = await peer.ReadGoAwayAsync();

        Assert.That(code, Is.EqualTo(Http2ErrorCode.ProtocolError));
    }

    [Test]
    public async Task First_frame_other_than_settings_is_refused()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath, start: false);

        await peer.SendRawAsync(Http2Limits.ClientPreface.ToArray());
        await peer.SendFrameAsync(Http2FrameType.Ping, 0, 0, new byte[8]);
        var (_, code, _) = await peer.ReadGoAwayAsync();

        Assert.That(code, Is.EqualTo(Http2ErrorCode.ProtocolError));
    }

    [Test]
    public async Task Shutdown_sends_goaway_and_lets_the_call_in_flight_finish()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.ReadUntilAsync(f => f.Header.Type == Http2FrameType.Settings && f.Header.Has(Http2FrameFlags.Ack));

        var stopping = _server.StopAsync(TimeSpan.FromSeconds(10));
        var (lastStreamId, code, _) = await peer.ReadGoAwayAsync();
        await peer.SendDataAsync(1, EchoBody("late"), endStream: true);
        var response = await peer.ReadResponseAsync(1);
        await stopping;

        Assert.That(code, Is.EqualTo(Http2ErrorCode.NoError));
        Assert.That(lastStreamId, Is.EqualTo(1));
        Assert.That(EchoReply(response), Is.EqualTo("late"));
        Assert.That(File.Exists(_server.SocketPath), Is.False, "the socket is removed");
    }
    [Test]
    public async Task Request_body_over_several_data_frames_is_read_whole()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        var body = EchoBody(new string('x', 3000));

        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendDataAsync(1, body.AsSpan(0, 1000).ToArray(), endStream: false);
        await peer.SendDataAsync(1, body.AsSpan(1000, 1000).ToArray(), endStream: false);
        await peer.SendDataAsync(1, body.AsSpan(2000).ToArray(), endStream: true);

        Assert.That(EchoReply(await peer.ReadResponseAsync(1)), Is.EqualTo(new string('x', 3000)));
    }

    [Test]
    public async Task Stream_reset_before_its_request_ended_does_not_hold_up_shutdown()
    {
        await using var peer = await Http2TestPeer.ConnectAsync(_server.SocketPath);
        await peer.SendHeadersAsync(1, Http2TestPeer.GrpcRequest(TestMethods.Echo), endStream: false);
        await peer.SendFrameAsync(Http2FrameType.RstStream, 0, 1, [0, 0, 0, (byte)Http2ErrorCode.Cancel]);
        await peer.SendFrameAsync(Http2FrameType.Ping, 0, 0, new byte[8]);
        await peer.ReadUntilAsync(f => f.Header.Type == Http2FrameType.Ping && f.Header.Has(Http2FrameFlags.Ack));

        // The drain would wait its whole timeout for a handler that is never to run.
        var stopping = _server.StopAsync(TimeSpan.FromMinutes(5));

        Assert.That(async () => await stopping.WaitAsync(TimeSpan.FromSeconds(60)), Throws.Nothing);
    }
}
