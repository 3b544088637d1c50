using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Oci.Spec;

/// <summary>The signal that stops a container: the CRI's stop_signal, else the image's, else SIGTERM.</summary>
internal static class ContainerStopSignal
{
    public static int Resolve(Signal requested, string? imageSignal, string subject)
    {
        if (requested != Signal.RuntimeDefault)
            return SignalNumbers.Of(requested);
        if (string.IsNullOrWhiteSpace(imageSignal))
            return SignalNumbers.Terminate;
        return SignalNumbers.TryParse(imageSignal, out var number)
            ? number
            : throw new RpcException(StatusCode.InvalidArgument, $"{subject}: the image's stop signal \"{imageSignal}\" is not a signal");
    }
}
