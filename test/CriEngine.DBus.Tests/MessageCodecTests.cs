namespace CriEngine.DBus.Tests;

/// <summary>Whole messages: the header <c>yyyyuua(yv)</c>, its fields, the padding to 8 before the body.</summary>
public sealed class MessageCodecTests
{
    // The bus's Hello, hand-marshalled: fields PATH (1, o) at 16, INTERFACE (2, s) at 48, MEMBER
    // (3, s) at 80, DESTINATION (6, s) at 96, ending at 125: fields length 109 (0x6d), no body,
    // no SIGNATURE field; padded to 128.
    private static readonly string HelloBytes = string.Join(' ',
        "6c 01 00 01", "00 00 00 00", "01 00 00 00", "6d 00 00 00",
        "01 01 6f 00", "15 00 00 00", Hex.Text("/org/freedesktop/DBus"), "00", "00 00",
        "02 01 73 00", "14 00 00 00", Hex.Text("org.freedesktop.DBus"), "00", "00 00 00",
        "03 01 73 00", "05 00 00 00", Hex.Text("Hello"), "00", "00 00",
        "06 01 73 00", "14 00 00 00", Hex.Text("org.freedesktop.DBus"), "00", "00 00 00");

    private static readonly DBusMethodCall Hello =
        new("org.freedesktop.DBus", new DBusObjectPath("/org/freedesktop/DBus"), "org.freedesktop.DBus", "Hello");

    [Test]
    public void Hello_call_encodes_byte_for_byte()
    {
        var bytes = DBusMessageCodec.Encode(Hello.ToMessage(serial: 1));
        Assert.That(Hex.Of(bytes), Is.EqualTo(HelloBytes));
    }

    [Test]
    public void Hello_call_decodes_to_its_fields()
    {
        var message = DBusMessageCodec.Decode(Hex.Bytes(HelloBytes));
        Assert.That(message.Type, Is.EqualTo(DBusMessageType.MethodCall));
        Assert.That(message.Serial, Is.EqualTo(1u));
        Assert.That(message.Path, Is.EqualTo(new DBusObjectPath("/org/freedesktop/DBus")));
        Assert.That(message.Interface, Is.EqualTo("org.freedesktop.DBus"));
        Assert.That(message.Member, Is.EqualTo("Hello"));
        Assert.That(message.Destination, Is.EqualTo("org.freedesktop.DBus"));
        Assert.That(message.Arguments, Is.Empty);
    }

    [Test]
    public void Call_with_a_body_carries_its_signature_field_and_length()
    {
        var call = new DBusMethodCall("a.b", new DBusObjectPath("/"), "a.b", "M").WithArguments("su", "x", 5u);
        var bytes = DBusMessageCodec.Encode(call.ToMessage(serial: 9));
        // PATH at 16 (padding after "/" to 32), INTERFACE at 32 (to 48), MEMBER at 48 (to 64),
        // DESTINATION at 64 (to 80), SIGNATURE at 80 ending at 88: fields length 72; the body
        // at 88: "x" (length, "x", nul, padding to 8 from the body start), then 5.
        var expected = string.Join(' ',
            "6c 01 00 01", "0c 00 00 00", "09 00 00 00", "48 00 00 00",
            "01 01 6f 00", "01 00 00 00", Hex.Text("/"), "00", "00 00 00 00 00 00",
            "02 01 73 00", "03 00 00 00", Hex.Text("a.b"), "00", "00 00 00 00",
            "03 01 73 00", "01 00 00 00", Hex.Text("M"), "00", "00 00 00 00 00 00",
            "06 01 73 00", "03 00 00 00", Hex.Text("a.b"), "00", "00 00 00 00",
            "08 01 67 00", "02", Hex.Text("su"), "00",
            "01 00 00 00", Hex.Text("x"), "00", "00 00", "05 00 00 00");
        Assert.That(Hex.Of(bytes), Is.EqualTo(expected));
        Assert.That(DBusMessageCodec.Decode(bytes).Arguments, Is.EqualTo(new object[] { "x", 5u }));
    }

    [Test]
    public void Big_endian_error_reply_decodes_with_its_name_and_text()
    {
        // An ERROR replying to serial 3, from ":1.0": ERROR_NAME (4) at 16, padding after it to 64,
        // REPLY_SERIAL (5) at 64, SENDER (7) at 72, padding to 88, SIGNATURE (8) at 88, ending at 95:
        // fields length 79; one byte of padding; the body at 96: "no" (7 bytes).
        var bytes = Hex.Bytes(string.Join(' ',
            "42 03 00 01", "00 00 00 07", "00 00 00 05", "00 00 00 4f",
            "04 01 73 00", "00 00 00 21", Hex.Text("org.freedesktop.DBus.Error.Failed"), "00", "00 00 00 00 00 00",
            "05 01 75 00", "00 00 00 03",
            "07 01 73 00", "00 00 00 04", Hex.Text(":1.0"), "00", "00 00 00",
            "08 01 67 00", "01", Hex.Text("s"), "00", "00",
            "00 00 00 02", Hex.Text("no"), "00"));
        var message = DBusMessageCodec.Decode(bytes);
        Assert.That(message.BigEndian, Is.True);
        Assert.That(message.Type, Is.EqualTo(DBusMessageType.Error));
        Assert.That(message.Serial, Is.EqualTo(5u));
        Assert.That(message.ReplySerial, Is.EqualTo(3u));
        Assert.That(message.Sender, Is.EqualTo(":1.0"));
        var exception = DBusException.FromErrorReply(message);
        Assert.That(exception.ErrorName, Is.EqualTo("org.freedesktop.DBus.Error.Failed"));
        Assert.That(exception.ErrorMessage, Is.EqualTo("no"));
    }

    [Test]
    public void StartTransientUnit_call_decodes_to_the_values_it_was_built_from()
    {
        var properties = new[] { new DBusStruct("PIDs", new DBusVariant("au", new[] { 1u, 2u })), new DBusStruct("MemoryMax", DBusVariant.UInt64(1 << 20)) };
        var call = new DBusMethodCall("org.freedesktop.systemd1", new DBusObjectPath("/org/freedesktop/systemd1"),
                "org.freedesktop.systemd1.Manager", "StartTransientUnit")
            .WithArguments("ssa(sv)a(sa(sv))", "x.scope", "replace", properties, Array.Empty<DBusStruct>());
        var message = DBusMessageCodec.Decode(DBusMessageCodec.Encode(call.ToMessage(serial: 77)));
        Assert.That(message.Serial, Is.EqualTo(77u));
        Assert.That(message.Signature.Value, Is.EqualTo("ssa(sv)a(sa(sv))"));
        Assert.That(message.Arguments, Is.EqualTo(new object[] { "x.scope", "replace", properties, Array.Empty<DBusStruct>() }));
    }
}
