using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>Streams CREATED, STARTED, STOPPED and DELETED events until the client goes away.</summary>
    public async Task GetContainerEvents(GetEventsRequest request, ServerStreamWriter<ContainerEventResponse> writer, CallContext context)
    {
        var events = engine.Events.Subscribe(context.CancellationToken);
        try
        {
            await foreach (var message in events.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
                await writer.WriteAsync(message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The kubelet closed the stream.
        }
    }
}
