namespace CriEngine.Oci.Monitor;

/// <summary>A container's end as its monitor recorded it: the exit code (128+N when killed by signal N), when, and whether its cgroup saw an OOM kill.</summary>
public sealed record ContainerExit(string ContainerId, int ExitCode, DateTimeOffset ExitedAt, bool OomKilled);
