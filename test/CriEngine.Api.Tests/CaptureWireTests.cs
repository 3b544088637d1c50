using System.Text.Json.Nodes;
using Google.Protobuf;
using CriEngine.TestSupport;

namespace CriEngine.Api.Tests;

/// <summary>
/// Golden captures between crictl and containerd, decoded with our generated classes.
/// </summary>
/// <remarks>
/// The .json twins were printed from the same bytes with the upstream proto; any
/// difference means a wrong field number, type or name in our api.proto.
/// </remarks>
[TestFixture]
public sealed class CaptureWireTests
{
    // The settings the fixtures were printed with (see the fixtures' README).
    private static readonly JsonFormatter Formatter = new(
        JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(false));

    public static IEnumerable<TestCaseData> Captures() =>
        WireCapture.All().Select(c => new TestCaseData(c).SetName($"{{m}}({c.FileName})"));

    [Test]
    public void FixturesArePresent()
    {
        // Guards the source-driven tests below: with no files they would pass by running nothing.
        var captures = WireCapture.All();
        Assert.That(captures, Is.Not.Empty, $"no captures under {Fixtures.GrpcCalls}");
        Assert.Multiple(() =>
        {
            foreach (var capture in captures)
            {
                Assert.That(File.Exists(capture.JsonPath), Is.True, $"{capture.FileName} has no .json twin");
            }
        });
    }

    [TestCaseSource(nameof(Captures))]
    public void DecodesToTheRecordedJson(WireCapture capture)
    {
        var message = capture.Parse();

        var actual = Formatter.Format(message);
        var expected = File.ReadAllText(capture.JsonPath);

        Assert.That(
            JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)),
            Is.True,
            $"{capture.MessageType.FullName} decoded differently.{Environment.NewLine}expected: {expected}{Environment.NewLine}actual:   {actual}");
    }

    [TestCaseSource(nameof(Captures))]
    public void ReserializesToTheSameBytes(WireCapture capture)
    {
        var bytes = capture.ReadBytes();

        var reserialized = capture.Parse().ToByteArray();

        Assert.That(reserialized, Is.EqualTo(bytes), $"{capture.MessageType.FullName} does not round-trip byte for byte");
    }

    [TestCaseSource(nameof(Captures))]
    public void HasNoFieldsOutsideOurProto(WireCapture capture)
    {
        var problems = WireSchemaCheck.FindProblems(capture.MessageType, ByteString.CopyFrom(capture.ReadBytes()));

        Assert.That(problems, Is.Empty, "fields the sender knows and our proto lacks (or types that disagree)");
    }

    [TestCaseSource(nameof(Captures))]
    public void KeepsNoUnknownFieldsWhenParsed(WireCapture capture)
    {
        // Independent of the walker above: a parser that drops unknown fields must
        // still reproduce the message exactly, so nothing was unknown.
        var bytes = capture.ReadBytes();
        var parsed = capture.Parse();
        var withoutUnknown = capture.MessageType.Parser.WithDiscardUnknownFields(true).ParseFrom(bytes);

        Assert.That(withoutUnknown, Is.EqualTo(parsed));
    }
}
