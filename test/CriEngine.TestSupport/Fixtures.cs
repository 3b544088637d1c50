namespace CriEngine.TestSupport;

/// <summary>Where the fixture files copied next to the test assembly are.</summary>
public static class Fixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string CriWire { get; } = Path.Combine(Root, "cri-wire");

    public static string GrpcCalls { get; } = Path.Combine(CriWire, "grpc", "calls");

    public static string GrpcConnections { get; } = Path.Combine(CriWire, "grpc", "connections");
}
