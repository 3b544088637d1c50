namespace CriEngine.Grpc.Tests.Grpc;

public sealed class GrpcHeaderFormatTests
{
    [TestCase("59999105u", 59_999_105 * 10L)]
    [TestCase("1H", 36_000_000_000L)]
    [TestCase("2M", 1_200_000_000L)]
    [TestCase("3S", 30_000_000L)]
    [TestCase("250m", 2_500_000L)]
    [TestCase("1000n", 10L)]
    [TestCase("99999999S", 999_999_990_000_000L)]
    public void Timeout_units_parse_to_the_right_span(string header, long ticks)
    {
        Assert.That(GrpcTimeout.TryParse(header, out var timeout), Is.True);
        Assert.That(timeout.Ticks, Is.EqualTo(ticks));
    }

    [TestCase("")]
    [TestCase("5")]
    [TestCase("S")]
    [TestCase("123456789S")]
    [TestCase("-5S")]
    [TestCase("5s")]
    [TestCase("1.5S")]
    public void Malformed_timeouts_are_rejected(string header) =>
        Assert.That(GrpcTimeout.TryParse(header, out _), Is.False);

    [TestCase(2_000L, "2000000u")]
    [TestCase(600_000L, "600000m")]
    [TestCase(200_000_000L, "200000S")]
    public void Timeout_format_stays_within_eight_digits_and_parses_back(long milliseconds, string expected)
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.That(formatted, Is.EqualTo(expected));
        Assert.That(GrpcTimeout.TryParse(formatted, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("plain text", "plain text")]
    [TestCase("100% done", "100%25 done")]
    [TestCase("line\nbreak", "line%0Abreak")]
    [TestCase("ünï", "%C3%BCn%C3%AF")]
    public void Status_message_is_percent_encoded_and_decodes_back(string message, string encoded)
    {
        Assert.That(GrpcStatusMessage.Encode(message), Is.EqualTo(encoded));
        Assert.That(GrpcStatusMessage.Decode(encoded), Is.EqualTo(message));
    }

    [Test]
    public void Malformed_percent_escape_is_kept_as_it_is() =>
        Assert.That(GrpcStatusMessage.Decode("50%zz off %4"), Is.EqualTo("50%zz off %4"));
}
