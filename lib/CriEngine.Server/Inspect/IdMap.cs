namespace CriEngine.Server.Inspect;

/// <summary>One id range: <paramref name="Size"/> ids from <paramref name="ContainerId"/> in the container are <paramref name="HostId"/>… on the host.</summary>
public sealed record IdMap(long ContainerId, long HostId, long Size);
