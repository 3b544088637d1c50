using CriEngine.Grpc.Http2;

namespace CriEngine.TestSupport;

/// <summary>A client's side of a captured HTTP/2 connection: its bytes, the streams it opened, the PINGs it expects answered.</summary>
public sealed class CapturedClientConnection
{
    private CapturedClientConnection(string name, byte[] bytes, List<int> streams, int pings)
    {
        Name = name;
        Bytes = bytes;
        Streams = streams;
        Pings = pings;
    }

    /// <summary>The capture's name, e.g. <c>conn001</c>.</summary>
    public string Name { get; }

    public byte[] Bytes { get; }

    public IReadOnlyList<int> Streams { get; }

    public int Pings { get; }

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(Fixtures.GrpcConnections, "*.client.h2").Order(StringComparer.Ordinal);

    public static CapturedClientConnection Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var streams = new List<int>();
        var pings = 0;
        for (var offset = Http2Limits.ClientPreface.Length; offset + Http2Limits.FrameHeaderLength <= bytes.Length;)
        {
            var header = Http2FrameHeader.Read(bytes.AsSpan(offset));
            if (header.Type == Http2FrameType.Headers && !streams.Contains(header.StreamId))
                streams.Add(header.StreamId);
            if (header.Type == Http2FrameType.Ping && !header.Has(Http2FrameFlags.Ack))
                pings++;
            offset += Http2Limits.FrameHeaderLength + header.Length;
        }
        var name = Path.GetFileName(path);
        return new CapturedClientConnection(name[..name.IndexOf('.')], bytes, streams, pings);
    }
}
