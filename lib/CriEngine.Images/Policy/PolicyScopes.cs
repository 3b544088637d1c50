using CriEngine.Images.References;

namespace CriEngine.Images.Policy;

/// <summary>
/// The scopes of the <c>docker</c> transport an image reference falls in, most specific first,
/// as containers/image looks them up in policy.json and registries.d: the reference itself
/// (<c>host/repo:tag</c> or <c>host/repo@digest</c>), the repository and each parent namespace up
/// to the host (<c>host/repo</c>, …, <c>host</c>), then the host's wildcard domains without the
/// port (<c>*.example.com</c>, <c>*.com</c>).
/// </summary>
public static class PolicyScopes
{
    public static IReadOnlyList<string> Of(ImageReference reference)
    {
        var scopes = new List<string> { reference.Digest is { } digest ? $"{reference.Name}@{digest}" : $"{reference.Name}:{reference.Tag}" };
        var name = reference.Name;
        while (true)
        {
            scopes.Add(name);
            var slash = name.LastIndexOf('/');
            if (slash < 0)
                break;
            name = name[..slash];
        }
        var host = name.StartsWith('[') ? name : name.Split(':')[0];
        for (var dot = host.IndexOf('.'); dot >= 0; dot = host.IndexOf('.'))
        {
            host = host[(dot + 1)..];
            scopes.Add("*." + host);
        }
        return scopes;
    }
}
