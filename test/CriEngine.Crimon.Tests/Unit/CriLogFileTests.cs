using System.Text;
using CriEngine.Crimon.Logging;
using CriEngine.TestSupport;

namespace CriEngine.Crimon.Tests.Unit;

public sealed class CriLogFileTests
{
    private const string Stamp = "2026-11-22T03:50:24.000000001+00:00";

    private static readonly byte[] StampBytes = Encoding.ASCII.GetBytes(Stamp);

    private TempDirectory _directory = null!;
    private string _path = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = new TempDirectory("crimon-log");
        _path = _directory.Combine("container.log");
    }

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    [Test]
    public void Each_line_of_a_read_is_a_full_line_with_one_time_stamp_and_its_stream()
    {
        using (var log = new CriLogFile(_path, -1, -1))
        {
            log.Write(StdStream.Stdout, "one\ntwo\n"u8, StampBytes);
            log.Write(StdStream.Stderr, "oops\n"u8, StampBytes);
        }

        Assert.That(File.ReadAllText(_path), Is.EqualTo(
            $"{Stamp} stdout F one\n{Stamp} stdout F two\n{Stamp} stderr F oops\n"));
    }

    [Test]
    public void Rest_of_a_read_without_a_newline_is_a_partial_line()
    {
        using (var log = new CriLogFile(_path, -1, -1))
        {
            log.Write(StdStream.Stdout, "one\npar"u8, StampBytes);
            log.Write(StdStream.Stdout, "tial\n"u8, StampBytes);
        }

        Assert.That(File.ReadAllText(_path), Is.EqualTo($"{Stamp} stdout F one\n{Stamp} stdout P par\n{Stamp} stdout F tial\n"));
    }

    [Test]
    public void Line_that_would_pass_the_size_limit_starts_an_empty_file()
    {
        // conmon counts each line as its bytes + 45 (+1 when partial): 50 for "abcd\n".
        using (var log = new CriLogFile(_path, 120, -1))
        {
            log.Write(StdStream.Stdout, "abcd\nefgh\n"u8, StampBytes);
            log.Write(StdStream.Stdout, "ijkl\n"u8, StampBytes);
        }

        Assert.That(File.ReadAllText(_path), Is.EqualTo($"{Stamp} stdout F ijkl\n"));
    }

    [Test]
    public void Nothing_is_written_past_the_global_limit()
    {
        using (var log = new CriLogFile(_path, -1, 100))
        {
            log.Write(StdStream.Stdout, "abcd\nefgh\nijkl\n"u8, StampBytes);
            log.Write(StdStream.Stderr, "more\n"u8, StampBytes);
        }

        Assert.That(File.ReadAllText(_path), Is.EqualTo($"{Stamp} stdout F abcd\n{Stamp} stdout F efgh\n"));
    }

    [Test]
    public void Existing_file_is_appended_to()
    {
        File.WriteAllText(_path, "before\n");
        using (var log = new CriLogFile(_path, -1, -1))
            log.Write(StdStream.Stdout, "after\n"u8, StampBytes);

        Assert.That(File.ReadAllText(_path), Is.EqualTo($"before\n{Stamp} stdout F after\n"));
    }

    [Test]
    public void Reopen_after_the_file_was_renamed_away_writes_a_new_file_at_the_path()
    {
        using (var log = new CriLogFile(_path, -1, -1))
        {
            log.Write(StdStream.Stdout, "old\n"u8, StampBytes);
            File.Move(_path, _path + ".1");
            log.Reopen();
            log.Write(StdStream.Stdout, "new\n"u8, StampBytes);
        }

        Assert.That(File.ReadAllText(_path + ".1"), Is.EqualTo($"{Stamp} stdout F old\n"));
        Assert.That(File.ReadAllText(_path), Is.EqualTo($"{Stamp} stdout F new\n"));
    }

    [Test]
    public void Bytes_that_are_not_text_are_kept_as_they_are()
    {
        using (var log = new CriLogFile(_path, -1, -1))
            log.Write(StdStream.Stdout, new byte[] { 0xff, 0x00, 0x41, (byte)'\n' }, StampBytes);

        var bytes = File.ReadAllBytes(_path);
        Assert.That(bytes[^4..], Is.EqualTo(new byte[] { 0xff, 0x00, 0x41, (byte)'\n' }));
        Assert.That(Encoding.ASCII.GetString(bytes, 0, Stamp.Length + 10), Is.EqualTo($"{Stamp} stdout F "));
    }
}
