using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Pods;

/// <summary>
/// What a previous daemon left that no record owns: runtime containers whose bundle is one of
/// the engine's, bundles with their monitors, root filesystems and image volumes. Run at start, after the
/// interrupted creations were rolled back, so whatever is left then has no owner and goes.
/// Runtime containers of other bundles (podman's, a person's) are never touched.
/// </summary>
public sealed partial class LeftoverSweeper(Engine.Engine engine, ILogger<LeftoverSweeper> logger)
{
    /// <returns>What each runtime listed, by <see cref="RuntimeLocation.Key"/>, for the reconciliation that follows; a runtime that could not list is left out.</returns>
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, OciState>>> SweepAsync(CancellationToken cancellationToken)
    {
        var bundles = engine.Directories.Bundles + Path.DirectorySeparatorChar;
        var listed = new Dictionary<string, IReadOnlyDictionary<string, OciState>>(StringComparer.Ordinal);
        foreach (var runtime in Runtimes())
        {
            IReadOnlyList<OciState> states;
            try
            {
                states = await runtime.ListAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                LogListFailed(runtime.Handler.RuntimePath, runtime.Handler.RuntimeRoot, e.Message);
                continue;
            }
            listed[RuntimeLocation.Key(runtime.Handler.RuntimePath, runtime.Handler.RuntimeRoot)] = states.ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var state in states.Where(s => s.Bundle.StartsWith(bundles, StringComparison.Ordinal) && !IsOwned(s.Id)))
            {
                LeftoverMonitor.Kill(state.Bundle);
                await runtime.DeleteAsync(state.Id, force: true, cancellationToken).ConfigureAwait(false);
                LogRuntimeContainer(state.Id, state.Status.ToString().ToLowerInvariant());
            }
        }
        foreach (var bundle in Directory.EnumerateDirectories(engine.Directories.Bundles))
        {
            var id = Path.GetFileName(bundle);
            if (IsOwned(id))
                continue;
            var monitorKilled = LeftoverMonitor.Kill(bundle);
            Directory.Delete(bundle, recursive: true);
            LogBundle(id, monitorKilled);
        }
        foreach (var id in engine.Images.Filesystems.Owners().Where(id => !IsOwned(id)))
        {
            await engine.Images.Filesystems.RemoveAsync(id).ConfigureAwait(false);
            LogRootfs(id);
        }
        foreach (var id in engine.Images.Volumes.Owners().Where(id => !IsOwned(id)))
        {
            await engine.Images.Volumes.RemoveAsync(id).ConfigureAwait(false);
            LogImageVolumes(id);
        }
        return listed;
    }

    private bool IsOwned(string id) => engine.Containers.Find(id)?.Id == id || engine.Pods.Find(id)?.Id == id;

    /// <summary>Every runtime a leftover may be known to: those the pods were made with, and those configured now.</summary>
    private IEnumerable<OciRuntime> Runtimes()
    {
        var recorded = engine.Pods.All.Select(p => (p.Runtime.RuntimePath, p.Runtime.RuntimeRoot));
        var configured = engine.Config.Current.Config.Runtime.Runtimes
            .Where(h => h.Value.RuntimeType is "" or OciRuntimeHandler.OciType)
            .Select(h => (Path: RuntimeLocation.PathOf(h.Key, h.Value), Root: RuntimeLocation.RootOf(h.Key, h.Value)))
            .Where(h => h.Path is not null)
            .Select(h => (h.Path!, h.Root));
        return recorded.Concat(configured).Distinct().Select(h => new OciRuntime(new OciRuntimeHandler(h.Item1, h.Item2)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "listing the containers of {Runtime} (root {Root}) failed; its leftovers stay: {Reason}")]
    private partial void LogListFailed(string runtime, string root, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "container {Container} ({Status}) was left in the runtime without a record; deleted")]
    private partial void LogRuntimeContainer(string container, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "bundle {Container} was left without a record; removed (its monitor killed: {MonitorKilled})")]
    private partial void LogBundle(string container, bool monitorKilled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "root filesystem {Container} was left without a record; removed")]
    private partial void LogRootfs(string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "image volumes of container {Container} were left without a record; unmounted and removed")]
    private partial void LogImageVolumes(string container);
}
