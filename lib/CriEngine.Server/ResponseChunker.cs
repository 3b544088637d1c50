using System.Runtime.CompilerServices;
using CriEngine.Grpc;
using Google.Protobuf;

namespace CriEngine.Server;

/// <summary>
/// Splits a listing into the responses of a Stream* RPC, so that a node with many thousands of
/// containers never meets a message size limit: every item exactly once and in order, each
/// response at most a byte budget (an item larger than the budget goes alone), and no response
/// at all for an empty listing, since the CRI wants only non-empty ones.
/// </summary>
public static class ResponseChunker
{
    /// <summary>
    /// A sixteenth of the kubelet's 16 MiB receive limit and a quarter of gRPC's default 4 MiB,
    /// so that any CRI client takes it, while still a thousand or more containers per response.
    /// </summary>
    public const int DefaultBudgetBytes = 1 << 20;

    /// <summary>The budget under the server's send limit <paramref name="maxSendMessageSize"/> (<c>grpc_max_send_msg_size</c>).</summary>
    public static int BudgetFor(long maxSendMessageSize) => (int)Math.Clamp(maxSendMessageSize / 2, 1, DefaultBudgetBytes);

    /// <summary>Writes <paramref name="items"/> as responses made by <paramref name="response"/> from each chunk.</summary>
    public static async Task WriteAsync<T, TResponse>(IAsyncEnumerable<T> items, Func<IReadOnlyList<T>, TResponse> response, ServerStreamWriter<TResponse> writer, int budgetBytes, CancellationToken cancellationToken)
        where T : IMessage
        where TResponse : IMessage<TResponse>
    {
        await foreach (var chunk in ChunksAsync(items, budgetBytes, cancellationToken).ConfigureAwait(false))
            await writer.WriteAsync(response(chunk)).ConfigureAwait(false);
    }

    public static async IAsyncEnumerable<IReadOnlyList<T>> ChunksAsync<T>(IAsyncEnumerable<T> items, int budgetBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IMessage
    {
        var chunk = new List<T>();
        var bytes = 0;
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var size = EncodedSize(item);
            if (chunk.Count > 0 && bytes + size > budgetBytes)
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add(item);
            bytes += size;
        }
        if (chunk.Count > 0)
            yield return chunk;
    }

    /// <summary>
    /// What an item adds to its response: the field's tag (one byte, as every Stream* response
    /// carries its items in field 1), the length, the message.
    /// </summary>
    public static int EncodedSize(IMessage item)
    {
        var size = item.CalculateSize();
        return 1 + CodedOutputStream.ComputeLengthSize(size) + size;
    }
}
