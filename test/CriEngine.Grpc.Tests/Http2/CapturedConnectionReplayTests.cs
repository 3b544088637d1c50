using System.Reflection;
using System.Text.Json;
using CriEngine.Api;
using CriEngine.Grpc.Http2;
using CriEngine.TestSupport;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CriEngine.Grpc.Tests.Http2;

/// <summary>
/// Every HTTP/2 connection crictl 1.26 (grpc-go 1.51) opened to a real runtime, replayed byte
/// for byte into our server, must get well-formed answers: our SETTINGS, acknowledgements, PING
/// answers, and for each call the headers, the captured response message and an OK status.
/// </summary>
public sealed class CapturedConnectionReplayTests
{
    private sealed record CapturedCall(string Connection, int Stream, string Path, byte[] Request, byte[] Response);

    private static readonly Lazy<IReadOnlyList<CapturedCall>> Calls = new(LoadCalls);

    private static IEnumerable<TestCaseData> Connections() =>
        CapturedClientConnection.Files()
            .Select(path => new TestCaseData(path).SetName($"Replayed_{Path.GetFileNameWithoutExtension(path)}_gets_well_formed_answers"));

    [Test]
    public void Captures_are_present() =>
        Assert.That(CapturedClientConnection.Files().Count(), Is.GreaterThanOrEqualTo(29));

    [TestCaseSource(nameof(Connections))]
    public async Task Replay(string path)
    {
        var capture = CapturedClientConnection.Load(path);
        var (streams, pings) = (capture.Streams, capture.Pings);
        var calls = Calls.Value.Where(c => c.Connection == capture.Name).ToDictionary(c => c.Stream);
        Assert.That(streams, Is.Not.Empty);
        Assert.That(streams, Is.SubsetOf(calls.Keys), "every replayed stream has a captured call");

        await using var server = await TestGrpcServer.StartAsync(ReplayTable(calls.Values));
        await using var peer = await Http2TestPeer.ConnectAsync(server.SocketPath, start: false);
        await peer.SendRawAsync(capture.Bytes);

        var frames = new List<Http2TestFrame>();
        var responses = streams.ToDictionary(id => id, _ => new Http2TestResponse());
        var ended = new HashSet<int>();
        var pingAnswers = 0;
        while (ended.Count < streams.Count || pingAnswers < pings)
        {
            var frame = await peer.ReadFrameAsync() ?? throw new InvalidDataException("the server closed the connection early");
            frames.Add(frame);
            Assert.That(frame.Header.Type, Is.Not.EqualTo(Http2FrameType.GoAway).And.Not.EqualTo(Http2FrameType.RstStream));
            if (frame.Header.Type == Http2FrameType.Ping && frame.Header.Has(Http2FrameFlags.Ack))
                pingAnswers++;
            if (!responses.TryGetValue(frame.Header.StreamId, out var response))
                continue;
            if (frame.Header.Type == Http2FrameType.Headers)
            {
                if (response.Headers is null)
                    response.Headers = frame.Fields;
                else
                    response.Trailers = frame.Fields;
            }
            else if (frame.Header.Type == Http2FrameType.Data)
            {
                response.Data.AddRange(frame.Payload);
            }
            if (frame.Header.Has(Http2FrameFlags.EndStream))
                ended.Add(frame.Header.StreamId);
        }

        Assert.That(frames[0].Header.Type, Is.EqualTo(Http2FrameType.Settings), "the server preface is SETTINGS");
        Assert.That(frames.Any(f => f.Header.Type == Http2FrameType.Settings && f.Header.Has(Http2FrameFlags.Ack)), Is.True, "the client's SETTINGS are acknowledged");
        foreach (var (id, response) in responses)
        {
            Assert.That(response.Header(":status"), Is.EqualTo("200"), $"stream {id}");
            Assert.That(response.Header("content-type"), Is.EqualTo("application/grpc"), $"stream {id}");
            Assert.That(response.Trailers?.FirstOrDefault(f => f.Name == "grpc-status").Value, Is.EqualTo("0"), $"stream {id} ends with an OK status in trailers");
        }
        // Identical requests (a status polled twice) may be answered in either order: compare as multisets.
        Assert.That(
            responses.Values.Select(r => Convert.ToHexString(r.Data.ToArray())),
            Is.EquivalentTo(streams.Select(id => Convert.ToHexString(GrpcFramed(calls[id].Response)))),
            "every stream carries a captured response message");
    }

    private static byte[] GrpcFramed(byte[] message)
    {
        var framed = new byte[GrpcFraming.PrefixLength + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, GrpcFraming.PrefixLength);
        return framed;
    }

    /// <summary>A handler per captured method that answers each captured request with its captured response.</summary>
    private static GrpcMethodTable ReplayTable(IEnumerable<CapturedCall> calls)
    {
        var table = new GrpcMethodTable();
        var register = typeof(CapturedConnectionReplayTests).GetMethod(nameof(Register), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var group in calls.GroupBy(c => c.Path))
        {
            var method = FindMethod(group.Key);
            register.MakeGenericMethod(method.InputType.ClrType, method.OutputType.ClrType)
                .Invoke(null, [table, group.Key, method, group.ToList()]);
        }
        return table;
    }

    private static void Register<TRequest, TResponse>(GrpcMethodTable table, string path, MethodDescriptor method, List<CapturedCall> calls)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        var requestParser = (MessageParser<TRequest>)method.InputType.Parser;
        var responseParser = (MessageParser<TResponse>)method.OutputType.Parser;
        var unanswered = new List<CapturedCall>(calls);
        table.AddUnary(path, requestParser, (request, _) =>
        {
            var bytes = request.ToByteArray();
            lock (unanswered)
            {
                var call = unanswered.First(c => c.Request.AsSpan().SequenceEqual(bytes));
                unanswered.Remove(call);
                return Task.FromResult(responseParser.ParseFrom(call.Response));
            }
        });
    }

    private static MethodDescriptor FindMethod(string path)
    {
        var parts = path.Trim('/').Split('/');
        return ApiReflection.Descriptor.Services.Single(s => s.FullName == parts[0]).FindMethodByName(parts[1]);
    }

    private static IReadOnlyList<CapturedCall> LoadCalls() =>
        Directory.GetFiles(Fixtures.GrpcCalls, "*.headers.json").Order().Select(headersPath =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(headersPath));
            var root = json.RootElement;
            var path = root.GetProperty("request_headers")[0].EnumerateArray()
                .First(pair => pair[0].GetString() == ":path")[1].GetString()!;
            var stem = headersPath[..^".headers.json".Length];
            return new CapturedCall(
                root.GetProperty("connection").GetString()!,
                root.GetProperty("stream").GetInt32(),
                path,
                File.ReadAllBytes(stem + ".request.bin"),
                File.ReadAllBytes(stem + ".response.bin"));
        }).ToList();
}
