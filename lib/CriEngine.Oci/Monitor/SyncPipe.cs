using System.Buffers;
using System.Text.Json;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// Reads one message from a monitor's sync pipe. conmon writes a bare JSON object (Debian's
/// 2.1.6 ends it with a newline, upstream's did not always) and may keep the pipe open long
/// after, so a message ends where its object does, not at end of file.
/// </summary>
internal static class SyncPipe
{
    /// <summary>The next message, or null when the monitor closed the pipe without writing one.</summary>
    public static async Task<SyncMessage?> ReadAsync(Stream pipe, CancellationToken cancellationToken)
    {
        var received = new ArrayBufferWriter<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            if (TryParse(received.WrittenSpan, out var message))
                return message;
            var read = await pipe.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
                return received.WrittenCount == 0 || received.WrittenSpan.Trim(" \r\n\t"u8).IsEmpty
                    ? null
                    : throw new JsonException($"incomplete message: {System.Text.Encoding.UTF8.GetString(received.WrittenSpan)}");
            received.Write(chunk.AsSpan(0, read));
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> received, out SyncMessage? message)
    {
        message = null;
        var reader = new Utf8JsonReader(received, isFinalBlock: false, state: default);
        if (!reader.Read())
            return false;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"not a JSON object: {System.Text.Encoding.UTF8.GetString(received)}");
        if (!reader.TrySkip())
            return false;
        message = JsonSerializer.Deserialize(received[..(int)reader.BytesConsumed], MonitorJsonContext.Default.SyncMessage);
        return message is not null;
    }
}
