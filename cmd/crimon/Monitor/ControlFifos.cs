using System.Globalization;
using System.Text;
using CriEngine.Crimon.Native;

namespace CriEngine.Crimon.Monitor;

/// <summary>
/// The FIFOs in the bundle directory the monitor's callers write to, as conmon's: <c>ctl</c>
/// takes <c>TYPE HEIGHT WIDTH\n</c> lines (1 resizes the terminal, 2 reopens the log files),
/// <c>winsz</c> takes <c>HEIGHT WIDTH\n</c> lines. Each is held open for writing too, so the
/// last writer leaving does not flood the loop with hang-ups.
/// </summary>
internal sealed class ControlFifos : IDisposable
{
    public const int ResizeEvent = 1;
    public const int ReopenLogsEvent = 2;

    private readonly List<int> _fds = [];
    private readonly MonitorLog _log;
    private readonly Action<int, int> _resize;
    private readonly Action _reopenLogs;

    public ControlFifos(string bundlePath, EventLoop loop, MonitorLog log, Action<int, int> resize, Action reopenLogs)
    {
        _log = log;
        _resize = resize;
        _reopenLogs = reopenLogs;
        var control = Open(Path.Combine(bundlePath, "ctl"), "terminal control fifo");
        var controlBuffer = new StringBuilder();
        loop.Watch(control, Constants.PollIn, _ => ReadLines(control, controlBuffer, ControlLine));
        var windowSize = Open(Path.Combine(bundlePath, "winsz"), "window resize control fifo");
        var windowBuffer = new StringBuilder();
        loop.Watch(windowSize, Constants.PollIn, _ => ReadLines(windowSize, windowBuffer, WindowSizeLine));
    }

    public void Dispose()
    {
        foreach (var fd in _fds)
            Libc.Close(fd);
        _fds.Clear();
    }

    /// <summary>A ctl line; false (and a warning) when it is not one conmon takes.</summary>
    internal static bool TryParseControl(string line, out int type, out int height, out int width)
    {
        type = height = width = 0;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 3
            && int.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out type)
            && int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out height)
            && int.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out width);
    }

    private int Open(string path, string what)
    {
        if (Libc.MkFifo(path, 0b110_110_000) != 0 && Libc.Errno == Constants.Eexist)
        {
            Libc.Unlink(path);
            if (Libc.MkFifo(path, 0b110_110_000) != 0)
                throw new MonitorExitException($"Failed to mkfifo at {path}: {Errors.Describe(Libc.Errno)}");
        }
        var reader = Libc.Open(path, Constants.ReadOnly | Constants.NonBlock | Constants.CloseOnExec, 0);
        if (reader < 0)
            throw new MonitorExitException($"Failed to open {what} read half: {Errors.Describe(Libc.Errno)}");
        var writer = Libc.Open(path, Constants.WriteOnly | Constants.CloseOnExec, 0);
        if (writer < 0)
            throw new MonitorExitException($"Failed to open {what} write half: {Errors.Describe(Libc.Errno)}");
        _fds.Add(reader);
        _fds.Add(writer);
        return reader;
    }

    private void ReadLines(int fd, StringBuilder buffer, Action<string> handle)
    {
        Span<byte> chunk = stackalloc byte[200];
        var read = Descriptors.Read(fd, chunk);
        if (read <= 0)
            return;
        buffer.Append(Encoding.ASCII.GetString(chunk[..read]));
        var text = buffer.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            if (buffer.Length > 200)
                buffer.Clear();
            return;
        }
        buffer.Clear().Append(text[(end + 1)..]);
        foreach (var line in text[..end].Split('\n'))
            handle(line);
    }

    private void ControlLine(string line)
    {
        if (!TryParseControl(line, out var type, out var height, out var width))
        {
            _log.Warn("Invalid control message format");
            return;
        }
        if (type is not (ResizeEvent or ReopenLogsEvent))
        {
            _log.Warn($"Invalid control message type: {type}");
            return;
        }
        if (height is < 0 or > 1000 || width is < 0 or > 1000)
        {
            _log.Warn($"Invalid window size: {height}x{width} (must be between 0 and 1000)");
            return;
        }
        if (type == ResizeEvent)
            _resize(height, width);
        else
            _reopenLogs();
    }

    private void WindowSizeLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2
            || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out var height)
            || !int.TryParse(fields[1], CultureInfo.InvariantCulture, out var width))
        {
            _log.Warn("Failed to parse window size");
            return;
        }
        if (height is < 0 or > 1000 || width is < 0 or > 1000)
        {
            _log.Warn($"Invalid window size: {height}x{width} (must be between 0 and 1000)");
            return;
        }
        _resize(height, width);
    }
}
