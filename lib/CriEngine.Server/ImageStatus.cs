using System.Text.Json;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.Images.Store;

namespace CriEngine.Server;

public sealed partial class CriService
{
    /// <summary>An image that is not there is answered with no image, not an error (the CRI says so).</summary>
    public Task<ImageStatusResponse> ImageStatus(ImageStatusRequest request, CallContext context)
    {
        var snapshot = config.Current;
        var image = images.Find(RequireImageName(request.Image), snapshot.Registries);
        var response = new ImageStatusResponse();
        if (image is null)
            return Task.FromResult(response);
        response.Image = ToCri(image, snapshot);
        if (request.Verbose)
            response.Info.Add("info", JsonSerializer.Serialize(image, ServerJsonContext.Default.ImageRecord));
        return Task.FromResult(response);
    }

    private static Image ToCri(ImageRecord image, ConfigSnapshot snapshot)
    {
        var result = new Image
        {
            Id = image.Id,
            Size = (ulong)image.Size,
            Spec = new ImageSpec { Image = image.Id },
            Pinned = IsPinned(image, snapshot),
        };
        result.RepoTags.AddRange(image.RepoTags);
        result.RepoDigests.AddRange(image.RepoDigests);
        // User is "uid", "uid:gid", "name" or "name:group"; a number becomes the uid, else the name.
        var user = image.Config.User.Split(':')[0];
        if (long.TryParse(user, out var uid))
            result.Uid = new Int64Value { Value = uid };
        else
            result.Username = user;
        return result;
    }

    /// <summary>The pause image and <c>pinned_images</c> are never garbage-collected by the kubelet.</summary>
    private static bool IsPinned(ImageRecord image, ConfigSnapshot snapshot)
    {
        foreach (var pattern in snapshot.Config.Image.PinnedImages.Append(snapshot.Config.Image.PauseImage))
        {
            foreach (var candidate in CandidatesOf(pattern.TrimEnd('*'), snapshot))
            {
                var exact = !pattern.EndsWith('*');
                if (image.RepoTags.Concat(image.RepoDigests).Any(name => exact ? name == candidate : name.StartsWith(candidate, StringComparison.Ordinal)))
                    return true;
            }
        }
        return false;
    }

    private static IEnumerable<string> CandidatesOf(string pattern, ConfigSnapshot snapshot)
    {
        try
        {
            return snapshot.Registries.Candidates(pattern).Select(c => c.Digest is { } digest ? $"{c.Name}@{digest}" : $"{c.Name}:{c.Tag}");
        }
        catch (RpcException)
        {
            // A glob such as "registry.example/*" is no reference: match it as a plain prefix.
            return [pattern];
        }
    }
}
