using CriEngine.Grpc;
using CriEngine.Oci.Checkpoint;
using CriEngine.Server.State;

namespace CriEngine.Server.Pods;

/// <summary>
/// Checkpoints a running container into an archive as CRI-O does: the container is paused so its
/// files hold still, CRIU dumps it and leaves it running, the archive is written, the container
/// resumes. The scratch directory goes whatever happens.
/// </summary>
public static class ContainerCheckpointer
{
    private const string ScratchDirectory = "checkpoint-export";

    public static async Task WriteAsync(Engine.Engine engine, PodRecord pod, ContainerRecord container, string location, CancellationToken cancellationToken)
    {
        var runtime = Engine.Engine.Runtime(pod);
        var work = Path.Combine(container.Bundle, ScratchDirectory);
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        // Only a half-written archive of this call is removed on failure, never a file that was there.
        var archiving = false;
        try
        {
            await runtime.PauseAsync(container.Id, cancellationToken).ConfigureAwait(false);
            try
            {
                await runtime.CheckpointAsync(container.Id, Path.Combine(work, CheckpointLayout.CheckpointDirectory), work, cancellationToken).ConfigureAwait(false);
                var config = ContainerStatusMapper.Config(container);
                var dump = new CheckpointConfigDump
                {
                    Id = container.Id,
                    Name = container.Name,
                    RootfsImage = config.Image?.UserSpecifiedImage is { Length: > 0 } asked ? asked : container.Image,
                    RootfsImageRef = container.ImageId,
                    RootfsImageName = container.Image,
                    Runtime = pod.RuntimeHandler,
                    CreatedTime = container.CreatedAt,
                    CheckpointedTime = DateTimeOffset.UtcNow,
                };
                var upper = Path.Combine(engine.Images.Paths.Container(container.Id), "upper");
                archiving = true;
                await CheckpointArchive.WriteAsync(new CheckpointContents(work, dump, container.Bundle, upper, container.LogPath), location, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await runtime.ResumeAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (archiving)
                File.Delete(location);
            throw new RpcException(StatusCode.DeadlineExceeded, $"container {container.Id}: checkpoint not written within its timeout");
        }
        catch when (archiving)
        {
            File.Delete(location);
            throw;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
