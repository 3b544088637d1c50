using System.Text;

namespace CriEngine.Config.Tests;

/// <summary>Config files are strict UTF-8: what a lenient decoder would pass on or turn into U+FFFD is an error naming the byte.</summary>
public sealed class FileEncodingTests : ConfigTestBase
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    [Test]
    public void One_byte_order_mark_at_the_start_is_skipped()
    {
        WriteMainBytes([.. ByteOrderMark, .. Encoding.UTF8.GetBytes("[crio.runtime]\nlog_level = \"debug\"\n")]);

        Assert.That(Load().Config.Runtime.LogLevel, Is.EqualTo("debug"));
    }

    [Test]
    public void A_second_byte_order_mark_is_an_error()
    {
        WriteMainBytes([.. ByteOrderMark, .. ByteOrderMark, .. Encoding.UTF8.GetBytes("[crio]\n")]);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}: a second byte order mark at byte offset 3" }));
    }

    [Test]
    public void A_UTF16_file_is_an_error()
    {
        WriteMainBytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("[crio]\n")]);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}: a UTF-16 byte order mark at byte offset 0: the file must be UTF-8" }));
    }

    [Test]
    public void Invalid_UTF8_is_an_error_naming_the_byte_offset()
    {
        WriteMainBytes([.. Encoding.UTF8.GetBytes("[crio]\nroot = \"/var/lib/"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"\n")]);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}: invalid UTF-8 at byte offset 24" }));
    }

    [Test]
    public void An_invalid_byte_after_a_byte_order_mark_is_counted_from_the_start_of_the_file()
    {
        WriteMainBytes([.. ByteOrderMark, .. Encoding.UTF8.GetBytes("# "), 0xFF, .. Encoding.UTF8.GetBytes("\n")]);

        Assert.That(LoadErrors(), Is.EqualTo(new[] { $"{MainFile}: invalid UTF-8 at byte offset 5" }));
    }

    [Test]
    public void Characters_beyond_ASCII_are_read()
    {
        WriteMain("[crio.runtime]\nlog_filter = \"caf\u00e9 \U0001F600\"\n");

        Assert.That(Load().Config.Runtime.LogFilter, Is.EqualTo("caf\u00e9 \U0001F600"));
    }

    private void WriteMainBytes(byte[] bytes) => File.WriteAllBytes(MainFile, bytes);
}
