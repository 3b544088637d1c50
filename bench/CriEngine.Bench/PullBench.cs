using System.Diagnostics;
using CriEngine.Api;
using CriEngine.Grpc;
using CriEngine.TestSupport.Registry;

namespace CriEngine.Bench;

/// <summary>
/// Pulls from a docker-registry on 127.0.0.1 through the CRI (PullImage: download, verify,
/// unpack, record), beside <c>skopeo copy docker://… oci:DIR</c> of the same image in the
/// same run (download and verify only). Each counted run starts from an empty store or directory.
/// </summary>
internal static class PullBench
{
    private const int Runs = 5;

    public static async Task RunAsync(Engine engine, string work)
    {
        await using var registry = await TestRegistry.StartAsync();
        var large = await registry.PushAsync("bench/large", "1", await new TestImageBuilder().WithBusybox().WithRandomLayer(100).BuildAsync());
        // Ten layers of 20 files of 64 KiB each that compress as binaries do, about 2:1.
        var random = new Random(10);
        var layered = new TestImageBuilder();
        for (var i = 0; i < 10; i++)
            layered = layered.WithLayer(Enumerable.Range(0, 20).Select(f => TestLayerEntry.File($"layer{i}/file{f}", HalfCompressible(random, 64 << 10))).ToArray());
        var tenLayers = await registry.PushAsync("bench/layers", "1", await layered.BuildAsync());

        Report.Header("Image pulls from a local registry: criengine PullImage beside skopeo copy to an OCI layout", "criengine", "skopeo copy");
        foreach (var (label, image) in new[] { ("100 MB image (1 random layer)", large), ("10-layer image (20 files of 64 KiB each)", tenLayers) })
        {
            var ours = await PullWithEngineAsync(engine, image);
            var skopeo = await CopyWithSkopeoAsync(image, work);
            Report.Row($"{label}: median of {Runs}", $"{ours:F0} ms", $"{skopeo:F0} ms");
            Report.Row($"{label}: ratio criengine / skopeo", $"{ours / skopeo:F2}", "");
        }
    }

    private static byte[] HalfCompressible(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes.AsSpan(0, length / 2));
        return bytes;
    }

    private static async Task<double> PullWithEngineAsync(Engine engine, PushedImage image)
    {
        // One daemon, warmed up by a first pull that is not counted, as a node's daemon is warm;
        // each counted pull starts from an empty store again (the image is removed after it).
        await using var daemon = await engine.StartAsync($"pull-{image.Repository.Replace('/', '-')}");
        using var client = new GrpcClient(daemon.Socket);
        var times = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            await client.UnaryAsync("/runtime.v1.ImageService/PullImage", new PullImageRequest { Image = new ImageSpec { Image = image.Reference } }, PullImageResponse.Parser, TimeSpan.FromMinutes(5));
            if (run > 0)
                times.Add(clock.Elapsed.TotalMilliseconds);
            await client.UnaryAsync("/runtime.v1.ImageService/RemoveImage", new RemoveImageRequest { Image = new ImageSpec { Image = image.Reference } }, RemoveImageResponse.Parser);
        }
        return Report.Median(times);
    }

    private static async Task<double> CopyWithSkopeoAsync(PushedImage image, string work)
    {
        var times = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var target = Path.Combine(work, $"skopeo-{image.Repository.Replace('/', '-')}-{run}");
            var clock = Stopwatch.StartNew();
            await ExternalCommand.RunCheckedAsync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", $"docker://{image.Reference}", $"oci:{target}:1"]);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Report.Median(times);
    }
}
