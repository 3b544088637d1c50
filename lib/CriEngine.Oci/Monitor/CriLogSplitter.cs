using System.Buffers;
using System.IO.Pipelines;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Turns a file in the CRI log format (<c>TIMESTAMP STREAM TAG CONTENT</c> lines, as the
/// monitor writes it) back into the stdout and stderr it was made from, as CRI-O's parseLog:
/// a full line ("F") gets its newline back, a partial one ("P") does not. Each stream keeps at
/// most a limit of bytes; lines in another shape are skipped.
/// </summary>
internal static class CriLogSplitter
{
    public static async Task<(byte[] Stdout, byte[] Stderr)> SplitAsync(string path, int limit, CancellationToken cancellationToken)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var reader = PipeReader.Create(file);
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            while (TryTakeLine(ref buffer, out var line))
                Append(line, stdout, stderr, limit);
            if (read.IsCompleted)
            {
                if (!buffer.IsEmpty)
                    Append(buffer.ToArray(), stdout, stderr, limit);
                break;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
        await reader.CompleteAsync().ConfigureAwait(false);
        return (stdout.ToArray(), stderr.ToArray());
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out byte[] line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = [];
            return false;
        }
        line = buffer.Slice(0, end.Value).ToArray();
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static void Append(ReadOnlySpan<byte> line, MemoryStream stdout, MemoryStream stderr, int limit)
    {
        var timestampEnd = line.IndexOf((byte)' ');
        if (timestampEnd < 0)
            return;
        var rest = line[(timestampEnd + 1)..];
        var streamEnd = rest.IndexOf((byte)' ');
        if (streamEnd < 0)
            return;
        var stream = rest[..streamEnd];
        rest = rest[(streamEnd + 1)..];
        var tagEnd = rest.IndexOf((byte)' ');
        if (tagEnd < 0)
            return;
        var full = rest[..tagEnd].SequenceEqual("F"u8);
        var content = rest[(tagEnd + 1)..];
        var target = stream.SequenceEqual("stdout"u8) ? stdout : stream.SequenceEqual("stderr"u8) ? stderr : null;
        if (target is null)
            return;
        Write(target, content, limit);
        if (full)
            Write(target, "\n"u8, limit);
    }

    private static void Write(MemoryStream target, ReadOnlySpan<byte> bytes, int limit)
    {
        var room = limit - (int)target.Length;
        if (room > 0)
            target.Write(bytes[..Math.Min(room, bytes.Length)]);
    }
}
