using System.Text;
using System.Text.Json;
using CriEngine.TestSupport;

namespace CriEngine.Streaming.Tests.Support;

/// <summary>One recorded exchange of tests' fixture cri-wire/streaming: the bytes each side sent.</summary>
public sealed class SpdyCapture
{
    private SpdyCapture(string name, byte[] client, byte[] server)
    {
        Name = name;
        Client = client;
        Server = server;
    }

    public string Name { get; }

    public byte[] Client { get; }

    public byte[] Server { get; }

    public static string Directory { get; } = Path.Combine(Fixtures.CriWire, "streaming");

    public static SpdyCapture Load(string name) => new(
        name,
        File.ReadAllBytes(Path.Combine(Directory, name + ".client.bin")),
        File.ReadAllBytes(Path.Combine(Directory, name + ".server.bin")));

    /// <summary>The HTTP head of <paramref name="bytes"/> (through the blank line) and what follows it.</summary>
    public static (string Head, byte[] Frames) SplitHead(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        return (Encoding.ASCII.GetString(bytes, 0, end), bytes[end..]);
    }

    /// <summary>The transcript's segments in the order they were sent: who sent them and the bytes.</summary>
    public IReadOnlyList<(string From, byte[] Bytes)> Transcript()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, Name + ".transcript.json")));
        return [.. json.RootElement.EnumerateArray().Select(e => (e.GetProperty("from").GetString()!, Convert.FromHexString(e.GetProperty("hex").GetString()!)))];
    }
}
