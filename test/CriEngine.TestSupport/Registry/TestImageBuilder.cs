namespace CriEngine.TestSupport.Registry;

/// <summary>
/// Builds a <see cref="TestImage"/> step by step:
/// <code>
/// var image = await new TestImageBuilder()
///     .WithBusybox()
///     .WithLayer(TestLayerEntry.File("app/hello.txt", "hello\n"))
///     .WithConfig(c => c with { Cmd = ["cat", "/app/hello.txt"] })
///     .BuildAsync();
/// </code>
/// Layers given as entries are compressed with <see cref="WithCompression"/> (gzip unless told).
/// </summary>
public sealed class TestImageBuilder
{
    private readonly List<Func<TestLayerCompression, Task<TestLayer>>> _layers = [];
    private TestImageConfig _config = new();
    private TestManifestFormat _format = TestManifestFormat.Oci;
    private TestLayerCompression _compression = TestLayerCompression.Gzip;

    /// <summary>Adds the shared <see cref="BusyboxLayer"/>.</summary>
    public TestImageBuilder WithBusybox()
    {
        _layers.Add(BusyboxLayer.CreateAsync);
        return this;
    }

    /// <summary>Adds a layer of these entries.</summary>
    public TestImageBuilder WithLayer(params TestLayerEntry[] entries)
    {
        _layers.Add(compression => TestLayer.FromEntriesAsync(entries, compression));
        return this;
    }

    /// <summary>Adds a layer built already (its own compression stands).</summary>
    public TestImageBuilder WithLayer(TestLayer layer)
    {
        _layers.Add(_ => Task.FromResult(layer));
        return this;
    }

    /// <summary>Adds a layer of one file of <paramref name="megabytes"/> MiB of random bytes.</summary>
    public TestImageBuilder WithRandomLayer(int megabytes)
    {
        _layers.Add(compression => TestLayer.RandomAsync(megabytes, compression));
        return this;
    }

    public TestImageBuilder WithConfig(Func<TestImageConfig, TestImageConfig> change)
    {
        _config = change(_config);
        return this;
    }

    public TestImageBuilder WithFormat(TestManifestFormat format)
    {
        _format = format;
        return this;
    }

    public TestImageBuilder WithCompression(TestLayerCompression compression)
    {
        _compression = compression;
        return this;
    }

    public async Task<TestImage> BuildAsync()
    {
        var layers = new List<TestLayer>();
        foreach (var layer in _layers)
            layers.Add(await layer(_compression));
        return new TestImage(_config, layers, _format);
    }
}
