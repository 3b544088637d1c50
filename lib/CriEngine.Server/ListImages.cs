using CriEngine.Api;
using CriEngine.Grpc;

namespace CriEngine.Server;

public sealed partial class CriService
{
    public Task<ListImagesResponse> ListImages(ListImagesRequest request, CallContext context)
    {
        var response = new ListImagesResponse();
        response.Images.AddRange(MatchingImages(request.Filter));
        return Task.FromResult(response);
    }

    /// <summary>What ListImages and StreamImages return: the image the filter names, else every image by ID.</summary>
    private IEnumerable<Image> MatchingImages(ImageFilter? filter)
    {
        var snapshot = config.Current;
        var wanted = filter?.Image?.Image;
        if (!string.IsNullOrEmpty(wanted))
        {
            if (images.Find(wanted, snapshot.Registries) is { } image)
                yield return ToCri(image, snapshot);
            yield break;
        }
        foreach (var image in images.Images.All.OrderBy(i => i.Id, StringComparer.Ordinal))
            yield return ToCri(image, snapshot);
    }
}
