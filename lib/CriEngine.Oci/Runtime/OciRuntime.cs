using System.Text;
using System.Text.Json;
using CriEngine.Grpc;
using CriEngine.Platform.Processes;

namespace CriEngine.Oci.Runtime;

/// <summary>
/// The runtime CLI of one handler, for what CRI-O asks of it directly rather than through the
/// monitor: start, kill, delete, state, update, list. Every failure is an <see cref="RpcException"/>
/// naming the container, the runtime, its exit code and what it said.
/// </summary>
public sealed class OciRuntime
{
    /// <summary>No runtime command takes this long unless it is stuck; it is then killed.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public OciRuntime(OciRuntimeHandler handler)
    {
        if (handler.RuntimeType is not ("" or OciRuntimeHandler.OciType))
            throw new RpcException(StatusCode.Unimplemented, $"runtime {handler.RuntimePath}: runtime_type \"{handler.RuntimeType}\" is not supported (only \"{OciRuntimeHandler.OciType}\")");
        Handler = handler;
    }

    public OciRuntimeHandler Handler { get; }

    /// <summary>The arguments every call starts with, the monitor's runtime calls included: the runtime's state root, and errors as JSON lines.</summary>
    internal IReadOnlyList<string> CommonArguments => ["--root=" + Handler.RuntimeRoot, "--log-format=json"];

    /// <summary>
    /// The arguments of an interactive exec: no JSON log format, since what the runtime says goes
    /// to the user's terminal or stderr as it is.
    /// </summary>
    internal IReadOnlyList<string> ExecArguments => Handler.SystemdCgroup ? ["--root=" + Handler.RuntimeRoot, "--systemd-cgroup"] : ["--root=" + Handler.RuntimeRoot];

    /// <summary>The arguments of the engine's own calls: the common ones and the cgroup driver (conmon adds that one itself when told <c>-s</c>).</summary>
    private IReadOnlyList<string> GlobalArguments => Handler.SystemdCgroup ? [.. CommonArguments, "--systemd-cgroup"] : CommonArguments;

    /// <summary>Starts a created container's process (<c>runtime start</c>), as CRI-O's StartContainer.</summary>
    public async Task StartAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(containerId, ["start", containerId], cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
            return;
        if (!IsKnown(containerId))
            throw new RpcException(StatusCode.NotFound, $"container {containerId}: not known to {Handler.Name}");
        throw Failure(containerId, "start", result);
    }

    /// <summary>
    /// Sends <paramref name="signal"/> to the container's init process, or with <paramref name="all"/>
    /// to every process in it. False when there is nothing to signal: the container is unknown
    /// or its process is gone (a stop loop expects that).
    /// </summary>
    public async Task<bool> KillAsync(string containerId, int signal, bool all = false, CancellationToken cancellationToken = default)
    {
        string[] arguments = all
            ? ["kill", "--all", containerId, signal.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["kill", containerId, signal.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var result = await RunAsync(containerId, arguments, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
            return true;
        if (!IsKnown(containerId) || SaysNotRunning(result.Stderr))
            return false;
        throw Failure(containerId, "kill", result);
    }

    /// <summary>
    /// Removes the container from the runtime; <paramref name="force"/> kills it first if it runs.
    /// A container the runtime does not know is already deleted.
    /// </summary>
    public async Task DeleteAsync(string containerId, bool force = false, CancellationToken cancellationToken = default)
    {
        string[] arguments = force ? ["delete", "--force", containerId] : ["delete", containerId];
        var result = await RunAsync(containerId, arguments, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded || !IsKnown(containerId))
            return;
        throw Failure(containerId, "delete", result);
    }

    /// <summary>The container's state, or null when the runtime does not know it.</summary>
    public async Task<OciState?> StateAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(containerId, ["state", containerId], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            return IsKnown(containerId) ? throw Failure(containerId, "state", result) : null;
        var document = Parse(containerId, "state", result.Stdout, RuntimeJsonContext.Default.OciStateDocument);
        return ToState(containerId, document);
    }

    /// <summary>Applies new resources (the OCI <c>linux.resources</c> object as JSON) to a running container.</summary>
    public async Task UpdateAsync(string containerId, string resourcesJson, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(containerId, ["update", "--resources", "-", containerId], cancellationToken, Encoding.UTF8.GetBytes(resourcesJson)).ConfigureAwait(false);
        if (!result.Succeeded)
            throw Failure(containerId, "update", result);
    }

    /// <summary>Freezes every process of the container (<c>runtime pause</c>), so its files hold still while they are read.</summary>
    public async Task PauseAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(containerId, ["pause", containerId], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw Failure(containerId, "pause", result);
    }

    /// <summary>Thaws a paused container (<c>runtime resume</c>).</summary>
    public async Task ResumeAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(containerId, ["resume", containerId], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw Failure(containerId, "resume", result);
    }

    /// <summary>
    /// Checkpoints the running container through CRIU and leaves it running, as CRI-O's
    /// CheckpointContainer: CRIU's images into <paramref name="imagePath"/>, its dump.log and
    /// stats-dump into <paramref name="workPath"/>, file locks included. It may take as long as
    /// the container's memory takes to write; <paramref name="cancellationToken"/> bounds it.
    /// </summary>
    public async Task CheckpointAsync(string containerId, string imagePath, string workPath, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(containerId, ["checkpoint", "--file-locks", "--leave-running", "--image-path", imagePath, "--work-path", workPath, containerId], cancellationToken, timeout: Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        if (!result.Succeeded)
            throw Failure(containerId, "checkpoint", result);
    }

    /// <summary>Every container the runtime keeps state for under its root: what recovery compares its own records with.</summary>
    public async Task<IReadOnlyList<OciState>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(null, ["list", "--format", "json"], cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new RpcException(StatusCode.Internal, $"{Handler.Name} list failed (exit {result.ExitCode}): {ProcessResult.Tail(RuntimeMessages.Plain(result.Stderr))}");
        var documents = Parse(null, "list", result.Stdout, RuntimeJsonContext.Default.ListOciStateDocument) ?? [];
        return documents.Select(document => ToState(document.Id, document)).ToList();
    }

    /// <summary>Whether the runtime keeps state for the container: runc and crun both keep it in a directory named after it under their root.</summary>
    private bool IsKnown(string containerId) => Directory.Exists(Path.Combine(Handler.RuntimeRoot, containerId));

    private async Task<ProcessResult> RunAsync(string? containerId, string[] command, CancellationToken cancellationToken, byte[]? stdin = null, TimeSpan? timeout = null)
    {
        if (containerId is not null)
            ContainerIds.Validate(containerId);
        var spec = new ProcessSpec(Handler.RuntimePath, [.. GlobalArguments, .. command])
        {
            Timeout = timeout ?? CommandTimeout,
            Stdin = stdin ?? ReadOnlyMemory<byte>.Empty,
        };
        try
        {
            return await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessFailedException e)
        {
            var subject = containerId is null ? "" : $"container {containerId}: ";
            throw new RpcException(e.TimedOut ? StatusCode.DeadlineExceeded : StatusCode.Internal, $"{subject}{Handler.Name} {command[0]}: {e.Message}", e);
        }
    }

    /// <summary>runc says "container not running", crun "no such process"; runc also "invalid process" on a rare occasion (as CRI-O lists them).</summary>
    private static bool SaysNotRunning(string stderr) =>
        stderr.Contains("container not running", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("no such process", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("invalid process", StringComparison.OrdinalIgnoreCase);

    private RpcException Failure(string containerId, string verb, ProcessResult result) =>
        new(StatusCode.Internal, $"container {containerId}: {Handler.Name} {verb} failed (exit {result.ExitCode}): {ProcessResult.Tail(RuntimeMessages.Plain(result.Stderr))}");

    private T? Parse<T>(string? containerId, string verb, string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException e)
        {
            var subject = containerId is null ? "" : $"container {containerId}: ";
            throw new RpcException(StatusCode.Internal, $"{subject}{Handler.Name} {verb}: unreadable output ({e.Message}): {ProcessResult.Tail(json)}", e);
        }
    }

    private OciState ToState(string containerId, OciStateDocument? document)
    {
        if (document is null || !Enum.TryParse<OciStatus>(document.Status, ignoreCase: true, out var status))
            throw new RpcException(StatusCode.Internal, $"container {containerId}: {Handler.Name} state: unknown status \"{document?.Status}\"");
        return new OciState(document.Id, status, document.Pid, document.Bundle);
    }
}
