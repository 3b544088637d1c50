namespace CriEngine.Oci.Monitor;

/// <summary>
/// A command to run to its end in a running container (CRI ExecSync). The process it runs as
/// (user, environment, capabilities …) is the container's own from its bundle's config.json,
/// with the command as its arguments, on a terminal when the container has one (its output then
/// all stdout), as CRI-O builds it.
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
    /// <summary>The container's <c>tty</c>: the command runs on a terminal of its own, as CRI-O runs it.</summary>
    public bool Terminal { get; init; }

    /// <summary>The monitor's own log level, in crio.conf's words.</summary>
    public string LogLevel { get; init; } = "info";
}
