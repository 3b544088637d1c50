namespace CriEngine.DBus.Tests;

/// <summary>
/// Values marshalled by hand from the specification's rules (little-endian): every value starts
/// at a multiple of its alignment counted from the body start, padding is zero, strings carry a
/// uint32 length and a nul, arrays a uint32 byte length that excludes the padding before the first
/// element (present even when the array is empty), structs start on 8.
/// </summary>
public sealed class MarshallingTests
{
    private static string Marshal(string signature, params object[] values)
    {
        var writer = new DBusWriter();
        writer.WriteValues(new DBusSignature(signature), values);
        return Hex.Of(writer.Written);
    }

    private static IReadOnlyList<object> Unmarshal(string signature, string hex, bool bigEndian = false)
    {
        var reader = new DBusReader(Hex.Bytes(hex), bigEndian);
        var values = reader.ReadValues(new DBusSignature(signature));
        Assert.That(reader.AtEnd, Is.True, "bytes left after the values");
        return values;
    }

    [TestCase("y", (byte)0xab, "ab")]
    [TestCase("b", true, "01 00 00 00")]
    [TestCase("b", false, "00 00 00 00")]
    [TestCase("n", (short)-2, "fe ff")]
    [TestCase("q", (ushort)0x1234, "34 12")]
    [TestCase("i", -1, "ff ff ff ff")]
    [TestCase("u", 0x12345678u, "78 56 34 12")]
    [TestCase("x", -2L, "fe ff ff ff ff ff ff ff")]
    [TestCase("t", 0x0102030405060708ul, "08 07 06 05 04 03 02 01")]
    [TestCase("d", 1.0, "00 00 00 00 00 00 f0 3f")]
    [TestCase("s", "foo", "03 00 00 00 66 6f 6f 00")]
    [TestCase("s", "", "00 00 00 00 00")]
    public void Basic_values_marshal_as_the_specification_lays_them_out(string signature, object value, string expected)
    {
        Assert.That(Marshal(signature, value), Is.EqualTo(expected));
        Assert.That(Unmarshal(signature, expected)[0], Is.EqualTo(value));
    }

    [Test]
    public void Object_path_and_signature_marshal_like_strings_with_their_own_length_fields()
    {
        const string expected = "02 00 00 00 2f 61 00 05 61 28 73 76 29 00";
        Assert.That(Marshal("og", new DBusObjectPath("/a"), new DBusSignature("a(sv)")), Is.EqualTo(expected));
        Assert.That(Unmarshal("og", expected), Is.EqualTo(new object[] { new DBusObjectPath("/a"), new DBusSignature("a(sv)") }));
    }

    [Test]
    public void Each_value_is_padded_with_zeros_to_its_own_alignment()
    {
        // y at 0, then 3 bytes of padding for u, then 4 more for t (at 8), then q at 16, then y.
        const string expected = "01 00 00 00 02 00 00 00 03 00 00 00 00 00 00 00 04 00 05";
        Assert.That(Marshal("yutqy", (byte)1, 2u, 3ul, (ushort)4, (byte)5), Is.EqualTo(expected));
        Assert.That(Unmarshal("yutqy", expected), Is.EqualTo(new object[] { (byte)1, 2u, 3ul, (ushort)4, (byte)5 }));
    }

    [Test]
    public void Array_length_excludes_the_padding_before_its_first_element()
    {
        // The specification's example: an array of one int64 is length 8, 4 bytes of padding, the value.
        const string expected = "08 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00";
        Assert.That(Marshal("ax", new[] { 5L }), Is.EqualTo(expected));
        Assert.That(Unmarshal("ax", expected)[0], Is.EqualTo(new[] { 5L }));
    }

    [Test]
    public void Empty_array_still_carries_the_padding_to_its_element_alignment()
    {
        Assert.That(Marshal("a(sv)", (object)Array.Empty<DBusStruct>()), Is.EqualTo("00 00 00 00 00 00 00 00"));
        Assert.That(Marshal("yau", (byte)7, Array.Empty<uint>()), Is.EqualTo("07 00 00 00 00 00 00 00"));
        Assert.That(Unmarshal("a(sv)", "00 00 00 00 00 00 00 00")[0], Is.Empty);
    }

    [Test]
    public void Variant_carries_its_signature_then_the_value_aligned_from_the_message_start()
    {
        // v(u 7): signature "u" (01 75 00), one byte of padding to 4, then the uint32.
        const string expected = "01 75 00 00 07 00 00 00";
        Assert.That(Marshal("v", DBusVariant.UInt32(7)), Is.EqualTo(expected));
        Assert.That(Unmarshal("v", expected)[0], Is.EqualTo(DBusVariant.UInt32(7)));
    }

    [Test]
    public void Property_array_a_sv_marshals_as_systemd_reads_it()
    {
        // [("PIDs", <au> [7]), ("Delegate", <b> true)]: "PIDs" at 8..17, signature "au" to 21,
        // padding to 24, the uint32 array (length 4, then 7) to 32; the next struct at 32 needs no
        // padding: "Delegate" to 45, signature "b" to 48, the boolean to 52. Array length 44.
        var expected = string.Join(' ',
            "2c 00 00 00", "00 00 00 00",
            "04 00 00 00", Hex.Text("PIDs"), "00",
            "02 61 75 00", "00 00 00",
            "04 00 00 00", "07 00 00 00",
            "08 00 00 00", Hex.Text("Delegate"), "00",
            "01 62 00",
            "01 00 00 00");
        var properties = new[]
        {
            new DBusStruct("PIDs", new DBusVariant("au", new[] { 7u })),
            new DBusStruct("Delegate", DBusVariant.Boolean(true)),
        };
        Assert.That(Marshal("a(sv)", (object)properties), Is.EqualTo(expected));
        Assert.That(Unmarshal("a(sv)", expected)[0], Is.EqualTo(properties));
    }

    [Test]
    public void Dictionary_a_sv_marshals_entries_like_structs()
    {
        var expected = string.Join(' ',
            "0a 00 00 00", "00 00 00 00",
            "01 00 00 00", Hex.Text("k"), "00",
            "01 79 00", "2a");
        var dictionary = new[] { new DBusStruct("k", new DBusVariant("y", (byte)42)) };
        Assert.That(Marshal("a{sv}", (object)dictionary), Is.EqualTo(expected));
        Assert.That(Unmarshal("a{sv}", expected)[0], Is.EqualTo(dictionary));
    }

    [Test]
    public void Auxiliary_units_a_sa_sv_marshal_with_every_level_aligned()
    {
        // StartTransientUnit's last argument: one unit "a.slice" with one property ("T", <t> 1).
        // "a.slice" ends at 20; the inner array's length at 20 (24) ends on 24, already 8-aligned;
        // its struct: "T" at 24..30, signature "t" at 30..33, padding to 40, the uint64 at 40..48.
        var expected = string.Join(' ',
            "28 00 00 00", "00 00 00 00",
            "07 00 00 00", Hex.Text("a.slice"), "00",
            "18 00 00 00",
            "01 00 00 00", Hex.Text("T"), "00",
            "01 74 00", "00 00 00 00 00 00 00",
            "01 00 00 00 00 00 00 00");
        var units = new[] { new DBusStruct("a.slice", new[] { new DBusStruct("T", DBusVariant.UInt64(1)) }) };
        Assert.That(Marshal("a(sa(sv))", (object)units), Is.EqualTo(expected));
        Assert.That(Unmarshal("a(sa(sv))", expected)[0], Is.EqualTo(units));
    }

    [Test]
    public void Big_endian_values_are_read_in_their_byte_order()
    {
        // y at 0, u at 4, t at 8, d at 16, s at 24 ("hi" to 31), padding to 32, the array's length
        // (12) at 32, padding to 40, its struct: "x" to 46, signature "n" to 49, padding, int16 at 50.
        var bytes = string.Join(' ',
            "01 00 00 00", "12 34 56 78",
            "01 02 03 04 05 06 07 08",
            "3f f0 00 00 00 00 00 00",
            "00 00 00 02", Hex.Text("hi"), "00", "00",
            "00 00 00 0c", "00 00 00 00",
            "00 00 00 01", Hex.Text("x"), "00", "01 6e 00", "00", "00 05");
        Assert.That(Unmarshal("yutdsa(sv)", bytes, bigEndian: true), Is.EqualTo(new object[]
        {
            (byte)1, 0x12345678u, 0x0102030405060708ul, 1.0, "hi",
            new[] { new DBusStruct("x", new DBusVariant("n", (short)5)) },
        }));
    }
}
