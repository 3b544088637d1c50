using CriEngine.Cgroups;
using CriEngine.Images;
using CriEngine.Network.Cni;
using CriEngine.Network.Namespaces;
using CriEngine.Oci.Runtime;
using CriEngine.Platform;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server.Engine;

/// <summary>Takes away what one <see cref="UndoStep"/> describes; each step is idempotent.</summary>
/// <param name="cgroups">The cgroup manager a step's pod was made with.</param>
/// <param name="cni">The CNI plugins as the live config finds them: a DEL runs the plugins installed now.</param>
public sealed class UndoActions(ImageManager images, Func<UndoStep, ICgroupManager> cgroups, Func<CniInvoker> cni, ILogger logger)
{
    public async Task RunAsync(UndoStep step)
    {
        try
        {
            switch (step.Kind)
            {
                case UndoKinds.DeleteDirectory:
                    if (Directory.Exists(step.Target))
                        Directory.Delete(step.Target, recursive: true);
                    break;
                case UndoKinds.Unmount:
                    Mounts.Unmount(step.Target);
                    break;
                case UndoKinds.DetachNetwork:
                    await CniPodNetwork.DetachAsync(step.Target, cni()).ConfigureAwait(false);
                    break;
                case UndoKinds.RemoveNetworkNamespace:
                    NetworkNamespace.Remove(step.Target);
                    break;
                case UndoKinds.RemoveRootfs:
                    await images.Filesystems.RemoveAsync(step.Target).ConfigureAwait(false);
                    break;
                case UndoKinds.RemoveImageVolumes:
                    await images.Volumes.RemoveAsync(step.Target).ConfigureAwait(false);
                    break;
                case UndoKinds.RemovePodCgroup:
                    // The infra container shares the pod's ID: its monitor's cgroup goes with the pod's.
                    var podManager = cgroups(step);
                    await podManager.RemovePodCgroupsAsync(podManager.PodCgroupFor(step.Target, step.CgroupParent ?? ""), [step.Target]).ConfigureAwait(false);
                    break;
                case UndoKinds.RemoveContainerCgroup:
                    var containerManager = cgroups(step);
                    await containerManager.RemoveContainerCgroupsAsync(containerManager.PodCgroupFor(step.PodId!, step.CgroupParent ?? ""), step.Target).ConfigureAwait(false);
                    break;
                case UndoKinds.DeleteFromRuntime:
                    await new OciRuntime(new OciRuntimeHandler(step.RuntimePath!, step.RuntimeRoot!)).DeleteAsync(step.Target, force: true).ConfigureAwait(false);
                    break;
                default:
                    logger.LogWarning("unknown undo step {Kind} for {Target} is skipped", step.Kind, step.Target);
                    break;
            }
        }
        catch (Exception e)
        {
            // Undo runs after a failure: it does what it can and says what it could not.
            logger.LogError("undo {Kind} {Target} failed: {Reason}", step.Kind, step.Target, e.Message);
        }
    }
}
