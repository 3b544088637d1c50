using System.Collections.Concurrent;
using CriEngine.Grpc;
using CriEngine.Images.Layers;
using CriEngine.Images.Manifests;
using CriEngine.Images.Policy;
using CriEngine.Images.References;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.Images.Store;
using Microsoft.Extensions.Logging;

namespace CriEngine.Images.Pull;

/// <summary>
/// Pulls images into the store: short names tried through their candidates, each reference
/// from its mirrors then its main location; an index resolved to this machine's platform;
/// the signature policy checked against the manifest fetched, before any layer is; layers
/// downloaded in parallel (bounded) and unpacked while they stream, each checked against its
/// compressed and uncompressed digests. The image record is written last, so an
/// image is visible only when whole. Concurrent pulls of one reference under one policy share the work, and a
/// pull whose caller gave up still finishes, so that the caller's retry finds it done.
/// </summary>
public sealed partial class ImagePuller(RegistryClient client, SignaturePolicyEnforcer policy, ImageStore images, LayerStore layers, BlobStore blobs, ILogger<ImagePuller> logger)
{
    // As containers/image copies layers: six at a time.
    private const int ParallelLayerDownloads = 6;
    private const int ConfigSizeLimit = 16 << 20;

    private readonly ConcurrentDictionary<string, Lazy<Task<ImageRecord>>> _pulls = new(StringComparer.Ordinal);

    /// <summary>A layer was downloaded and unpacked, as its manifest describes it.</summary>
    public event Action<Descriptor>? LayerDownloaded;

    /// <summary>A layer the image needs was in the store already (or being unpacked by another pull): nothing was downloaded for it.</summary>
    public event Action<Descriptor>? LayerReused;
    private readonly SemaphoreSlim _downloads = new(ParallelLayerDownloads, ParallelLayerDownloads);

    /// <summary>Pulls <paramref name="name"/> (a short name, a tag or a digest reference).</summary>
    public async Task<ImageRecord> PullAsync(string name, PullOptions options, CancellationToken cancellationToken)
    {
        var candidates = options.Registries.Candidates(name);
        // Without a terminal to ask on, "enforcing" refuses to guess which registry a short name means (containers/image's rule).
        if (candidates.Count > 1 && options.Registries.ShortNameMode == ShortNameMode.Enforcing)
            throw new RpcException(StatusCode.InvalidArgument, $"image {name}: short name is ambiguous with short-name mode \"enforcing\": it may be {string.Join(" or ", candidates)}; name the registry, or add an alias to registries.conf");
        var failures = new List<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                return await PullSharedAsync(candidate, options, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e) when (candidates.Count > 1 && e.Code != StatusCode.Cancelled)
            {
                failures.Add(e.Message);
            }
        }
        throw new RpcException(StatusCode.NotFound, $"image {name}: no candidate could be pulled: {string.Join("; ", failures)}");
    }

    private async Task<ImageRecord> PullSharedAsync(ImageReference reference, PullOptions options, CancellationToken cancellationToken)
    {
        // A pull under another policy (another pod namespace's) decides for itself.
        var key = $"{reference} {options.Trust?.PolicyPath}";
        var shared = _pulls.GetOrAdd(key, _ => new Lazy<Task<ImageRecord>>(() => PullReferenceAsync(reference, options)));
        try
        {
            return await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (shared.Value.IsCompleted)
                _pulls.TryRemove(new KeyValuePair<string, Lazy<Task<ImageRecord>>>(key, shared));
        }
    }

    private async Task<ImageRecord> PullReferenceAsync(ImageReference reference, PullOptions options)
    {
        await Task.Yield();
        var sources = options.Registries.PullSources(reference);
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            try
            {
                var image = await PullFromAsync(reference, source, options.CredentialsFor(source), options.Trust).ConfigureAwait(false);
                LogPulled(reference.ToString(), image.Id, source.Endpoint.Host);
                return image;
            }
            catch (RpcException e) when (source.IsMirror && i < sources.Count - 1)
            {
                // A mirror that is down or lacks the image: the next mirror, then the main location.
                LogMirrorFailed(reference.ToString(), source.Endpoint.Host, e.Message);
            }
        }
        throw new RpcException(StatusCode.Internal, $"image {reference}: no source to pull from");
    }

    private async Task<ImageRecord> PullFromAsync(ImageReference reference, PullSource source, RegistryCredentials? credentials, TrustSources? trust)
    {
        var top = await client.GetManifestAsync(source.Endpoint, source.Repository, reference.ManifestReference, credentials, CancellationToken.None).ConfigureAwait(false);
        // Signatures sign the manifest named by the reference (an index for a multi-platform image), as containers/image checks them.
        if (trust is not null)
            await policy.EnforceAsync(trust, reference, source, credentials, top.Digest, CancellationToken.None).ConfigureAwait(false);
        var manifestResponse = top;
        var document = ManifestParser.Parse(top.Content, top.MediaType);
        if (document is ImageIndex index)
        {
            var chosen = PlatformSelector.Select(index, ImagePlatform.Host);
            manifestResponse = await client.GetManifestAsync(source.Endpoint, source.Repository, chosen.Digest.ToString(), credentials, CancellationToken.None).ConfigureAwait(false);
            document = ManifestParser.Parse(manifestResponse.Content, manifestResponse.MediaType);
        }
        if (document is not ImageManifest manifest)
            throw new RpcException(StatusCode.InvalidArgument, $"image {reference}: manifest {manifestResponse.Digest} is an index inside an index");

        var configBytes = await ReadConfigAsync(source, manifest.Config, credentials).ConfigureAwait(false);
        var config = ImageConfig.Parse(configBytes);
        if (config.DiffIds.Count != manifest.Layers.Count)
            throw new RpcException(StatusCode.InvalidArgument, $"image {reference}: the config lists {config.DiffIds.Count} layers, the manifest {manifest.Layers.Count}");

        var chainIds = ChainId.For(config.DiffIds);
        using (layers.Lease(chainIds))
        {
            var unpacked = await Task.WhenAll(manifest.Layers.Select(async (layer, i) =>
            {
                var downloaded = false;
                var unpackedLayer = await layers.EnsureAsync(chainIds[i], (directory, ct) =>
                {
                    downloaded = true;
                    return UnpackAsync(reference, source, credentials, layer, config.DiffIds[i], chainIds[i], directory, ct);
                }, CancellationToken.None).ConfigureAwait(false);
                if (!downloaded)
                    LayerReused?.Invoke(layer);
                return unpackedLayer;
            })).ConfigureAwait(false);

            await blobs.PutAsync(top.Digest, top.Content, CancellationToken.None).ConfigureAwait(false);
            await blobs.PutAsync(manifestResponse.Digest, manifestResponse.Content, CancellationToken.None).ConfigureAwait(false);
            await blobs.PutAsync(manifest.Config.Digest, configBytes, CancellationToken.None).ConfigureAwait(false);
            var record = new ImageRecord(
                manifest.Config.Digest.Hex,
                reference.Tag is null ? [] : [$"{reference.Name}:{reference.Tag}"],
                [$"{reference.Name}@{top.Digest}"],
                manifest.Config.Digest.ToString(),
                manifestResponse.Digest.ToString(),
                chainIds,
                unpacked.Sum(l => l.Size),
                config.Config,
                DateTimeOffset.UtcNow);
            return await images.AddAsync(record, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<byte[]> ReadConfigAsync(PullSource source, Descriptor config, RegistryCredentials? credentials)
    {
        if (config.Size > ConfigSizeLimit)
            throw new RpcException(StatusCode.InvalidArgument, $"image config {config.Digest} is {config.Size} bytes, over the {ConfigSizeLimit} byte limit");
        if (await blobs.GetAsync(config.Digest, CancellationToken.None).ConfigureAwait(false) is { } stored)
            return stored;
        await using var stream = await client.OpenBlobAsync(source.Endpoint, source.Repository, config.Digest, config.Size, credentials, CancellationToken.None).ConfigureAwait(false);
        var content = new MemoryStream((int)config.Size);
        await stream.CopyToAsync(content).ConfigureAwait(false);
        return content.ToArray();
    }

    private async Task<LayerRecord> UnpackAsync(
        ImageReference reference, PullSource source, RegistryCredentials? credentials, Descriptor layer, Digest diffId, string chainId, string directory, CancellationToken cancellationToken)
    {
        await _downloads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using var blob = await client.OpenBlobAsync(source.Endpoint, source.Repository, layer.Digest, layer.Size, credentials, cancellationToken).ConfigureAwait(false);
            await using var tar = new HashingReadStream(LayerDecompression.Open(blob, layer.MediaType), diffId.CreateHash());
            LayerUnpackStats stats;
            try
            {
                stats = await LayerUnpacker.UnpackAsync(tar, directory, cancellationToken).ConfigureAwait(false);
                await tar.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                throw new RpcException(e.Code, $"image {reference}: layer {layer.Digest}: {e.Message}", e);
            }
            // The compressed stream checks its digest at its end; the decompressor may stop short of it.
            await blob.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            var actual = tar.Hash();
            if (!diffId.Matches(actual))
                throw new RpcException(StatusCode.InvalidArgument, $"image {reference}: layer {layer.Digest}: uncompressed content has digest sha256:{Convert.ToHexStringLower(actual)}, the config says {diffId}");
            LogLayer(reference.ToString(), layer.Digest.ToString(), layer.Size, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            LayerDownloaded?.Invoke(layer);
            return new LayerRecord(chainId, diffId.ToString(), layer.Digest.ToString(), stats.BytesWritten, stats.Entries);
        }
        finally
        {
            _downloads.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "image {Image}: pulled as {ImageId} from {Registry}")]
    private partial void LogPulled(string image, string imageId, string registry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "image {Image}: mirror {Mirror} failed, trying the next source: {Reason}")]
    private partial void LogMirrorFailed(string image, string mirror, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "image {Image}: layer {Layer} ({Size} bytes) unpacked in {Milliseconds:F0} ms")]
    private partial void LogLayer(string image, string layer, long size, double milliseconds);
}
