namespace CriEngine.Network.Cni;

/// <summary>
/// A pod's network through libcni's result cache: attached by caching the attachment and then
/// running ADD (its result cached too), detached by DEL from the cached attachment and then
/// removing it. The cache entry comes first, so whatever happens to the daemon during ADD, a later
/// DEL knows what to take away.
/// </summary>
public static class CniPodNetwork
{
    /// <summary>Attaches the pod; returns the attachment with ADD's result, also cached in <paramref name="path"/>.</summary>
    public static async Task<CniAttachment> AttachAsync(CniResultCache cache, string path, CniAttachment attachment, CniInvoker invoker, CancellationToken cancellationToken = default)
    {
        await cache.WriteAsync(path, attachment, cancellationToken).ConfigureAwait(false);
        var result = await invoker.AddAsync(attachment, cancellationToken).ConfigureAwait(false);
        var attached = attachment with { Result = result };
        await cache.WriteAsync(path, attached, cancellationToken).ConfigureAwait(false);
        return attached;
    }

    /// <summary>
    /// Detaches the pod cached in <paramref name="path"/>, a cache entry or a <see cref="LegacyAttachmentFile"/>;
    /// nothing there (never attached, or detached already) is fine.
    /// </summary>
    public static async Task DetachAsync(string path, CniInvoker invoker, CancellationToken cancellationToken = default)
    {
        var cached = Path.GetFileName(path) == LegacyAttachmentFile.Name
            ? await LegacyAttachmentFile.ReadAsync(path, cancellationToken).ConfigureAwait(false)
            : await CniResultCache.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        if (cached is not { } attachment)
            return;
        await invoker.DeleteAsync(attachment, cancellationToken).ConfigureAwait(false);
        File.Delete(path);
    }

    /// <summary>Detaches every network the cache holds for <paramref name="containerId"/>.</summary>
    public static async Task DetachAllAsync(CniResultCache cache, string containerId, CniInvoker invoker, CancellationToken cancellationToken = default)
    {
        foreach (var path in cache.Find(containerId))
            await DetachAsync(path, invoker, cancellationToken).ConfigureAwait(false);
    }
}
