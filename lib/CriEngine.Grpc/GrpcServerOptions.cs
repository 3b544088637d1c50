namespace CriEngine.Grpc;

/// <summary>Limits of the gRPC layer; the defaults are CRI-O's (80 MiB both ways).</summary>
public sealed record GrpcServerOptions
{
    public int MaxReceiveMessageSize { get; init; } = 80 << 20;

    public int MaxSendMessageSize { get; init; } = 80 << 20;
}
