using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ImageFsInfoResponse> ImageFsInfo(ImageFsInfoRequest request, CallContext context)
    {
        var (bytes, inodes) = images.Usage();
        var usage = new FilesystemUsage
        {
            Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000,
            FsId = new FilesystemIdentifier { Mountpoint = images.Paths.Root },
            UsedBytes = new UInt64Value { Value = (ulong)bytes },
            InodesUsed = new UInt64Value { Value = (ulong)inodes },
        };
        var response = new ImageFsInfoResponse();
        response.ImageFilesystems.Add(usage);
        // Containers' writable layers live in the same store, on the same file system.
        response.ContainerFilesystems.Add(usage.Clone());
        return Task.FromResult(response);
    }
}
