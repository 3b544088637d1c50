using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>A URL on the streaming server where the client attaches to the container's streams, with a single-use token.</summary>
    public Task<AttachResponse> Attach(AttachRequest request, CallContext context)
    {
        var container = LiveContainer(request.ContainerId);
        ValidateStreams(container.Id, request.Stdin, request.Stdout, request.Stderr, request.Tty);
        var url = streaming.GetAttachUrl(new CriEngine.Streaming.AttachRequest(container.Id, request.Tty, request.Stdin, request.Stdout, request.Stderr, request.AuditRequestId));
        return Task.FromResult(new AttachResponse { Url = url });
    }
}
