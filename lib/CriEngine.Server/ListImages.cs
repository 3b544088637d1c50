using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ListImagesResponse> ListImages(ListImagesRequest request, CallContext context)
    {
        var snapshot = config.Current;
        var response = new ListImagesResponse();
        var wanted = request.Filter?.Image?.Image;
        if (!string.IsNullOrEmpty(wanted))
        {
            if (images.Find(wanted, snapshot.Registries) is { } image)
                response.Images.Add(ToCri(image, snapshot));
            return Task.FromResult(response);
        }
        foreach (var image in images.Images.All.OrderBy(i => i.Id, StringComparer.Ordinal))
            response.Images.Add(ToCri(image, snapshot));
        return Task.FromResult(response);
    }
}
