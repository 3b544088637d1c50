using System.Text;
using CriEngine.Streaming.Spdy;

using CriEngine.TestSupport.Streaming;

namespace CriEngine.Streaming.Tests.Support;

/// <summary>What a server's frames amount to, in a form two sessions can be compared by.</summary>
internal sealed record SessionSummary(
    IReadOnlyList<uint> Replies,
    IReadOnlyDictionary<uint, string> Data,
    IReadOnlySet<uint> Finished,
    IReadOnlySet<(uint, SpdyRstStatus)> Resets,
    GoAwayFrame? GoAway)
{
    public static SessionSummary Of(IEnumerable<DecodedFrame> frames)
    {
        var replies = new List<uint>();
        var data = new Dictionary<uint, StringBuilder>();
        var finished = new HashSet<uint>();
        var resets = new HashSet<(uint, SpdyRstStatus)>();
        GoAwayFrame? goAway = null;
        foreach (var frame in frames)
        {
            switch (frame.Control)
            {
                case null:
                    if (!data.TryGetValue(frame.DataStreamId, out var text))
                        data[frame.DataStreamId] = text = new StringBuilder();
                    text.Append(Encoding.UTF8.GetString(frame.Data));
                    if (frame.IsFin)
                        finished.Add(frame.DataStreamId);
                    break;
                case SynReplyFrame reply:
                    replies.Add(reply.StreamId);
                    break;
                case RstStreamFrame rst:
                    resets.Add((rst.StreamId, rst.Status));
                    break;
                case GoAwayFrame away:
                    goAway = away;
                    break;
            }
        }
        return new SessionSummary(replies, data.ToDictionary(d => d.Key, d => d.Value.ToString()), finished, resets, goAway);
    }

    public string DataOf(uint stream) => Data.GetValueOrDefault(stream, "");
}
