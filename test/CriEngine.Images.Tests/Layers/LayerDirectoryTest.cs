using CriEngine.Grpc;
using CriEngine.Images.Layers;
using CriEngine.Images.Native;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Layers;

/// <summary>
/// A test that unpacks layers under a temporary directory of its own: the layer directory,
/// and beside it a sentinel directory with a file, that nothing may ever touch.
/// </summary>
public abstract class LayerDirectoryTest
{
    private TempDirectory? _directory;

    protected string Work => _directory!.Path;

    /// <summary>The directory layers are unpacked into.</summary>
    protected string Layer => _directory!.Combine("layer");

    /// <summary>A directory outside the layer that must stay as it was made.</summary>
    protected string Sentinel => _directory!.Combine("sentinel");

    protected string SentinelFile => Path.Combine(Sentinel, "secret");

    [OneTimeSetUp]
    public void RequireRoot() =>
        Assert.That(Environment.IsPrivilegedProcess, Is.True, "layer tests need root: they chown, mknod and set trusted.* xattrs");

    [SetUp]
    public void CreateDirectories()
    {
        _directory = new TempDirectory("criengine-layer");
        Directory.CreateDirectory(Layer);
        Directory.CreateDirectory(Sentinel);
        File.WriteAllText(SentinelFile, "untouched");
    }

    [TearDown]
    public void RemoveDirectories() => _directory?.Dispose();

    protected string InLayer(string relative) => Path.Combine(Layer, relative);

    private protected FileStatus StatusOf(string relative) =>
        FileStatus.Of(InLayer(relative)) ?? throw new AssertionException($"{relative} is missing from the layer");

    protected bool ExistsInLayer(string relative) => FileStatus.Of(InLayer(relative)) is not null;

    private protected Task<LayerUnpackStats> UnpackAsync(LayerTar tar) => UnpackAsync(tar.ToArray());

    protected async Task<LayerUnpackStats> UnpackAsync(byte[] tar)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await LayerUnpacker.UnpackAsync(new MemoryStream(tar), Layer, timeout.Token);
    }

    /// <summary>Unpacks a tar that must be refused, and returns the refusal.</summary>
    private protected RpcException Refused(LayerTar tar) =>
        Assert.ThrowsAsync<RpcException>(() => UnpackAsync(tar))!;

    /// <summary>Every path under the test's directory outside the layer, with each file's content; links are listed, not followed.</summary>
    protected IReadOnlyList<string> OutsideLayer()
    {
        var found = new List<string>();
        void Walk(string directory)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory).Where(path => path != Layer))
            {
                var status = FileStatus.Of(path)!.Value;
                found.Add(status.Kind == FileKind.RegularFile ? $"{path}={File.ReadAllText(path)}" : $"{path} ({status.Kind})");
                if (status.IsDirectory)
                    Walk(path);
            }
        }
        Walk(Work);
        return found.Order(StringComparer.Ordinal).ToList();
    }
}
