namespace CriEngine.Network.Cni;

/// <summary>
/// A pod's network through its attachment file: attached by recording the attachment and then
/// running ADD, detached by DEL and then forgetting it. The record comes first, so whatever
/// happens to the daemon during ADD, a later DEL knows what to take away.
/// </summary>
public static class CniPodNetwork
{
    /// <summary>Attaches the pod; returns the attachment with ADD's result, also recorded in <paramref name="path"/>.</summary>
    public static async Task<CniAttachment> AttachAsync(string path, CniAttachment attachment, CniInvoker invoker, CancellationToken cancellationToken = default)
    {
        await CniAttachmentFile.WriteAsync(path, attachment, cancellationToken).ConfigureAwait(false);
        var result = await invoker.AddAsync(attachment, cancellationToken).ConfigureAwait(false);
        var attached = attachment with { Result = result };
        await CniAttachmentFile.WriteAsync(path, attached, cancellationToken).ConfigureAwait(false);
        return attached;
    }

    /// <summary>Detaches the pod recorded in <paramref name="path"/>; nothing recorded (never attached, or detached already) is fine.</summary>
    public static async Task DetachAsync(string path, CniInvoker invoker, CancellationToken cancellationToken = default)
    {
        if (await CniAttachmentFile.ReadAsync(path, cancellationToken).ConfigureAwait(false) is not { } attachment)
            return;
        await invoker.DeleteAsync(attachment, cancellationToken).ConfigureAwait(false);
        File.Delete(path);
    }
}
