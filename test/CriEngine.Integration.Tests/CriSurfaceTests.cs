using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport;

namespace CriEngine.Integration.Tests;

/// <summary>The whole CRI surface of the running daemon, and crictl's real connections replayed into it.</summary>
[Category("Integration")]
public sealed class CriSurfaceTests
{
    private static DaemonProcess _daemon = null!;

    [OneTimeSetUp]
    public static async Task StartAsync() => _daemon = await DaemonProcess.StartAsync();

    [OneTimeTearDown]
    public static async Task StopAsync() => await _daemon.DisposeAsync();

    private static IEnumerable<TestCaseData> Methods() =>
        ApiReflection.Descriptor.Services.SelectMany(service => service.Methods.Select(method =>
            new TestCaseData($"/{service.FullName}/{method.Name}", method.IsServerStreaming).SetName($"Every_rpc_answers_with_a_status_{service.Name}_{method.Name}")));

    [TestCaseSource(nameof(Methods))]
    public async Task Every_rpc_is_known(string path, bool serverStreaming)
    {
        using var client = _daemon.Client();

        var status = StatusCode.OK;
        try
        {
            // An empty request: some RPCs refuse it, streams wait for events until the deadline.
            await foreach (var _ in client.ServerStreamingAsync(path, new Google.Protobuf.WellKnownTypes.Empty(), Google.Protobuf.WellKnownTypes.Empty.Parser, TimeSpan.FromSeconds(2)))
            {
            }
        }
        catch (RpcException e)
        {
            status = e.Code;
            Assert.That(e.Message, Does.Not.Contain("unknown method"));
        }

        Assert.That(status, Is.Not.EqualTo(StatusCode.Internal).And.Not.EqualTo(StatusCode.Unknown), $"{path} (server streaming: {serverStreaming})");
    }

    private static IEnumerable<TestCaseData> Connections() =>
        CapturedClientConnection.Files()
            .Select(path => new TestCaseData(path).SetName($"Crictl_connection_{Path.GetFileNameWithoutExtension(path)}_gets_an_answer_per_call"));

    [TestCaseSource(nameof(Connections))]
    public async Task Crictl_connection_replayed_into_the_daemon(string path)
    {
        var capture = CapturedClientConnection.Load(path);
        await using var peer = await Http2TestPeer.ConnectAsync(_daemon.SocketPath, start: false);

        await peer.SendRawAsync(capture.Bytes);
        var statuses = new List<string?>();
        foreach (var stream in capture.Streams)
            statuses.Add((await peer.ReadResponseAsync(stream)).Status());

        // Every call gets a status; none is an internal error. (The test daemon blocks public
        // registries, so crictl's pulls are refused, never sent off the machine; the captured
        // pods and containers do not exist here, so calls naming them are NotFound.)
        Assert.That(statuses, Has.Count.EqualTo(capture.Streams.Count));
        Assert.That(statuses, Has.None.Null.And.None.EqualTo(Code(StatusCode.Internal)).And.None.EqualTo(Code(StatusCode.Unknown)));
    }

    private static string Code(StatusCode code) => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
