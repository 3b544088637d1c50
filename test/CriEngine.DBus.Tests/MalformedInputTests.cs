namespace CriEngine.DBus.Tests;

/// <summary>What a broken or hostile peer might send is refused with a <see cref="DBusFormatException"/>, never anything else.</summary>
public sealed class MalformedInputTests
{
    private static DBusFormatException? Refused(string signature, string hex, bool bigEndian = false) =>
        Assert.Throws<DBusFormatException>(() => new DBusReader(Hex.Bytes(hex), bigEndian).ReadValues(new DBusSignature(signature)));

    [TestCase("u", "01 00 00", "truncated")]
    [TestCase("b", "02 00 00 00", "not 0 or 1")]
    [TestCase("yu", "01 ff 00 00 02 00 00 00", "non-zero alignment padding")]
    [TestCase("s", "03 00 00 00 61 62 63 01", "not nul-terminated")]
    [TestCase("s", "03 00 00 00 61 00 63 00", "holds a nul")]
    [TestCase("s", "02 00 00 00 c3 28 00", "not valid UTF-8")]
    [TestCase("s", "ff ff ff 7f 61 00", "runs past the end")]
    [TestCase("o", "02 00 00 00 61 62 00", "not a valid object path")]
    [TestCase("o", "02 00 00 00 2f 2f 00", "not a valid object path")]
    [TestCase("g", "02 28 29 00", "invalid signature")]
    [TestCase("g", "01 7b 00", "invalid signature")]
    [TestCase("v", "02 75 75 00 00 00 00 00 00 00 00 00", "not a single complete type")]
    [TestCase("au", "05 00 00 00 01 00 00 00 02 00 00 00", "overrun")]
    [TestCase("au", "00 00 00 10", "longer than D-Bus allows")]
    [TestCase("ax", "00 00 00 00 01 00 00 00", "non-zero alignment padding")]
    public void Malformed_value_is_refused_with_the_reason(string signature, string hex, string reason)
    {
        Assert.That(Refused(signature, hex)!.Message, Does.Contain(reason));
    }

    [Test]
    public void Variants_nested_deeper_than_the_limit_are_refused()
    {
        // 65 variants each holding the next ("v" signature, 01 76 00), then a byte.
        var hex = string.Concat(Enumerable.Repeat("01 76 00 ", 65)) + "01 79 00 01";
        Assert.That(Refused("v", hex)!.Message, Does.Contain("nest deeper"));
    }

    [Test]
    public void Malformed_exception_carries_the_D_Bus_error_name()
    {
        Assert.That(Refused("b", "07 00 00 00")!.ErrorName, Is.EqualTo(DBusErrorNames.InconsistentMessage));
    }

    [TestCase("(")]
    [TestCase("()")]
    [TestCase("a")]
    [TestCase("a{vs}")]
    [TestCase("a{sss}")]
    [TestCase("{sv}")]
    [TestCase("z")]
    public void Invalid_signature_is_refused(string signature)
    {
        Assert.Throws<DBusFormatException>(() => _ = new DBusSignature(signature));
    }

    [Test]
    public void Signature_nesting_arrays_deeper_than_32_is_refused()
    {
        Assert.That(() => new DBusSignature(new string('a', 32) + "y"), Throws.Nothing);
        Assert.Throws<DBusFormatException>(() => _ = new DBusSignature(new string('a', 33) + "y"));
    }

    private const string ValidHeader = "6c 02 00 01 00 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00";

    [Test]
    public void Reply_the_malformed_cases_start_from_decodes()
    {
        Assert.That(DBusMessageCodec.Decode(Hex.Bytes(ValidHeader)).ReplySerial, Is.EqualTo(3u));
    }

    [TestCase("78 02 00 01 00 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00", "byte order")]
    [TestCase("6c 02 00 02 00 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00", "protocol version")]
    [TestCase("6c 02 00 01 00 00 00 00 00 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00", "serial 0")]
    [TestCase("6c 00 00 01 00 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00", "type 0")]
    [TestCase("6c 02 00 01 00 00 00 00 05 00 00 00 08 00 00 00 09 01 75 00 03 00 00 00", "needs REPLY_SERIAL")]
    [TestCase("6c 02 00 01 00 00 00 00 05 00 00 00 05 00 00 00 05 01 79 00 03 00 00 00", "not 'u'")]
    [TestCase("6c 02 00 01 04 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00 00 00 00 00", "bytes after the values")]
    [TestCase("6c 02 00 01 00 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00", "announces")]
    [TestCase("6c 01 00 01 00 00 00 00 05 00 00 00 08 00 00 00 05 01 75 00 03 00 00 00", "PATH and MEMBER")]
    public void Malformed_message_is_refused_with_the_reason(string hex, string reason)
    {
        Assert.That(() => DBusMessageCodec.Decode(Hex.Bytes(hex)),
            Throws.TypeOf<DBusFormatException>().With.Message.Contains(reason));
    }

    [Test]
    public void Announced_length_over_the_limit_is_refused_before_reading_it()
    {
        var header = Hex.Bytes("6c 02 00 01 00 00 00 10 05 00 00 00 08 00 00 00");
        Assert.That(() => DBusMessageCodec.GetMessageLength(header),
            Throws.TypeOf<DBusFormatException>().With.Message.Contains("longer than D-Bus allows"));
    }

    [Test]
    public void Random_corruption_of_valid_messages_is_refused_or_decoded_never_crashes()
    {
        var call = new DBusMethodCall("org.freedesktop.systemd1", new DBusObjectPath("/org/freedesktop/systemd1"),
                "org.freedesktop.systemd1.Manager", "StartTransientUnit")
            .WithArguments("ssa(sv)a(sa(sv))", "x.scope", "replace",
                new[]
                {
                    new DBusStruct("PIDs", new DBusVariant("au", new[] { 1u, 2u })),
                    new DBusStruct("Description", DBusVariant.String("d")),
                    new DBusStruct("CPUWeight", DBusVariant.UInt64(50)),
                    new DBusStruct("Delegate", DBusVariant.Boolean(true)),
                },
                new[] { new DBusStruct("a.slice", new[] { new DBusStruct("x", new DBusVariant("ad", new[] { 1.5 })) }) });
        var valid = DBusMessageCodec.Encode(call.ToMessage(serial: 3));
        var random = new Random(20261122);
        var refused = 0;
        for (var round = 0; round < 20000; round++)
        {
            var bytes = (byte[])valid.Clone();
            var flips = random.Next(1, 4);
            for (var i = 0; i < flips; i++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var length = random.Next(4) == 0 ? random.Next(bytes.Length) : bytes.Length;
            try
            {
                _ = DBusMessageCodec.Decode(bytes.AsMemory(0, length)).Arguments;
            }
            catch (DBusFormatException)
            {
                refused++;
            }
        }
        Assert.That(refused, Is.GreaterThan(10000), "most corruptions must be noticed");
    }
}
