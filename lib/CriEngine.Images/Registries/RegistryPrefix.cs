using CriEngine.Images.References;

namespace CriEngine.Images.Registries;

/// <summary>
/// The syntax of registries.conf prefixes and locations, and how a prefix matches an image
/// (containers/image <c>refMatchingPrefix</c>): the image's name, followed by the tag or digest
/// it is pulled by, must start with the prefix and continue at a separator. A prefix ending
/// inside the name must end at a <c>/</c>; one covering the whole name may go on into the tag or
/// digest. (containers/image also lets <c>example.com</c> match <c>example.com:5000/…</c>, which it
/// calls unintended; here it does not.) <c>*.example.com</c> matches every image on a
/// subdomain of example.com, at any port.
/// </summary>
internal static class RegistryPrefix
{
    public static bool IsWildcard(string prefix) => prefix.StartsWith("*.", StringComparison.Ordinal);

    /// <summary><c>host[:port]</c> or <c>host[:port]/path</c>.</summary>
    public static bool IsLocation(string text)
    {
        var slash = text.IndexOf('/');
        return slash < 0
            ? ReferenceGrammar.IsDomain(text)
            : ReferenceGrammar.IsDomain(text[..slash]) && ReferenceGrammar.IsPath(text[(slash + 1)..]);
    }

    /// <summary>A location, one with a path followed by <c>:tag</c> or <c>@digest</c>, or <c>*.domain</c>.</summary>
    public static bool IsPrefix(string text)
    {
        if (IsWildcard(text))
            return ReferenceGrammar.IsDomainName(text[2..]);
        var name = text;
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            if (!Digest.TryParse(name[(at + 1)..], out _))
                return false;
            name = name[..at];
        }
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (slash >= 0 && colon > slash)
        {
            if (!ReferenceGrammar.IsTag(name[(colon + 1)..]))
                return false;
            name = name[..colon];
        }
        return (name.Length == text.Length || slash >= 0) && IsLocation(name);
    }

    /// <summary>How many characters of <paramref name="name"/> the prefix covers, or -1 when it does not match.</summary>
    /// <param name="registry">The name's <c>host[:port]</c>.</param>
    /// <param name="name"><c>registry/repository</c>.</param>
    /// <param name="pulled">The name with the <c>:tag</c> or <c>@digest</c> it is pulled by, or the bare name.</param>
    public static int Match(string prefix, string registry, string name, string pulled)
    {
        if (IsWildcard(prefix))
        {
            var host = HostOf(registry);
            var domain = prefix[1..];
            return host.Length > domain.Length && host.EndsWith(domain, StringComparison.Ordinal) ? registry.Length : -1;
        }
        if (!pulled.StartsWith(prefix, StringComparison.Ordinal))
            return -1;
        if (prefix.Length == pulled.Length)
            return name.Length;
        return pulled[prefix.Length] switch
        {
            '/' when prefix.Length < name.Length => prefix.Length,
            ':' or '@' when prefix.Length >= name.Length => name.Length,
            _ => -1,
        };
    }

    /// <summary>The host of <c>host[:port]</c>, with the brackets of an IPv6 address.</summary>
    public static string HostOf(string registry)
    {
        var end = registry.StartsWith('[') ? registry.IndexOf(']') + 1 : registry.IndexOf(':');
        return end <= 0 ? registry : registry[..end];
    }
}
