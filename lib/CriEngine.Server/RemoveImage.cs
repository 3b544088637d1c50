using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>Removes the image with all its tags; an image already gone is no error (the CRI says so).</summary>
    public async Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, CallContext context)
    {
        var image = images.Find(RequireImageName(request.Image), config.Current.Registries);
        if (image is not null)
            await images.RemoveAsync(image, context.CancellationToken).ConfigureAwait(false);
        return new RemoveImageResponse();
    }
}
