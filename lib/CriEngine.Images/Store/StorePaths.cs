namespace CriEngine.Images.Store;

/// <summary>
/// The store's layout under <c>[crio] root</c>: small blobs (manifests, configs) by digest,
/// unpacked layers by chain ID, image records by image ID, container root filesystems, images
/// mounted as containers' volumes, and a scratch area whose leftovers a restart removes.
/// </summary>
public sealed class StorePaths(string root)
{
    public string Root { get; } = root;

    public string Blobs { get; } = Path.Combine(root, "blobs");

    public string Layers { get; } = Path.Combine(root, "layers");

    public string Images { get; } = Path.Combine(root, "images");

    public string Containers { get; } = Path.Combine(root, "containers");

    /// <summary>Images mounted read-only as containers' volumes, a directory per container.</summary>
    public string Volumes { get; } = Path.Combine(root, "volumes");

    /// <summary>Short names for layer directories, so that many lower dirs fit one overlay mount's options.</summary>
    public string ShortLinks { get; } = Path.Combine(root, "l");

    public string Scratch { get; } = Path.Combine(root, "tmp");

    public string Blob(References.Digest digest) => Path.Combine(Blobs, digest.Algorithm, digest.Hex);

    public string Layer(string chainIdHex) => Path.Combine(Layers, chainIdHex);

    public string LayerDiff(string chainIdHex) => Path.Combine(Layers, chainIdHex, "diff");

    public string LayerRecord(string chainIdHex) => Path.Combine(Layers, chainIdHex, "layer.json");

    public string ImageRecord(string imageId) => Path.Combine(Images, imageId + ".json");

    public string Container(string containerId) => Path.Combine(Containers, containerId);

    public string Volume(string containerId) => Path.Combine(Volumes, containerId);

    public void Create()
    {
        foreach (var directory in new[] { Blobs, Layers, Images, Containers, Volumes, ShortLinks, Scratch })
            Directory.CreateDirectory(directory);
    }
}
