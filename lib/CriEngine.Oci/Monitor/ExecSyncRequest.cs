namespace CriEngine.Oci.Monitor;

/// <summary>
/// A command to run to its end in a running container (CRI ExecSync). The process it runs as
/// (user, environment, capabilities …) is the container's own from its bundle's config.json,
/// with the command as its arguments and no terminal, as CRI-O builds it.
/// A zero <see cref="Timeout"/> waits as long as the command runs.
/// </summary>
public sealed record ExecSyncRequest(
    string ContainerId,
    string ContainerName,
    string BundleDirectory,
    string SocketDirectory,
    IReadOnlyList<string> Command,
    TimeSpan Timeout)
{
    /// <summary>The monitor's own log level, in crio.conf's words.</summary>
    public string LogLevel { get; init; } = "info";
}
