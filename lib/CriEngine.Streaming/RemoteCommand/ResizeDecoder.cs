using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace CriEngine.Streaming.RemoteCommand;

/// <summary>
/// Turns the resize stream's bytes into <see cref="TerminalSize"/>s: a sequence of JSON
/// objects <c>{"Width":80,"Height":24}</c> (Go's json.Encoder, one per line; names matched
/// without regard to case as Go does). A malformed object ends the stream, as in kubelet.
/// </summary>
internal sealed class ResizeDecoder
{
    private readonly ArrayBufferWriter<byte> _pending = new();

    /// <summary>Adds bytes and returns the sizes they complete.</summary>
    public List<TerminalSize> Add(ReadOnlySpan<byte> bytes)
    {
        _pending.Write(bytes);
        var sizes = new List<TerminalSize>();
        var consumed = 0;
        while (TryReadObject(_pending.WrittenSpan[consumed..], out var length, out var size))
        {
            consumed += length;
            sizes.Add(size);
        }
        var rest = _pending.WrittenSpan[consumed..].ToArray();
        _pending.ResetWrittenCount();
        _pending.Write(rest);
        return sizes;
    }

    /// <summary>Reads <paramref name="source"/> to its end, writing each size to <paramref name="sizes"/>, then completes it.</summary>
    public static async Task PumpAsync(Stream source, ChannelWriter<TerminalSize> sizes, CancellationToken cancellationToken)
    {
        var decoder = new ResizeDecoder();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                foreach (var size in decoder.Add(buffer.AsSpan(0, read)))
                    await sizes.WriteAsync(size, cancellationToken);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or IOException or OperationCanceledException)
        {
            // kubelet stops reading resize events at the first bad one; the session goes on.
        }
        finally
        {
            sizes.TryComplete();
        }
    }

    private static bool TryReadObject(ReadOnlySpan<byte> bytes, out int length, out TerminalSize size)
    {
        length = 0;
        size = default;
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        if (!reader.Read())
            return false;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("resize stream: expected a JSON object");
        if (!reader.TrySkip())
            return false;
        length = (int)reader.BytesConsumed;
        using var document = JsonDocument.Parse(bytes[..length].ToArray());
        ushort width = 0, height = 0;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name.Equals("width", StringComparison.OrdinalIgnoreCase))
                width = property.Value.GetUInt16();
            else if (property.Name.Equals("height", StringComparison.OrdinalIgnoreCase))
                height = property.Value.GetUInt16();
        }
        size = new TerminalSize(width, height);
        return true;
    }
}
