using CriEngine.Images.Pull;
using CriEngine.Images.Registries;
using CriEngine.Images.Registry;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Pull;

/// <summary>An image store in a temporary directory, pulling through the real registry client.</summary>
internal sealed class PullFixture : IDisposable
{
    private readonly TempDirectory _directory = new("criengine-pull");

    private PullFixture(ImageManager manager)
    {
        Manager = manager;
    }

    public ImageManager Manager { get; private set; }

    public string Root => Manager.Paths.Root;

    public static async Task<PullFixture> OpenAsync()
    {
        var fixture = new PullFixture(null!);
        fixture.Manager = await OpenManagerAsync(fixture._directory.Combine("store"));
        return fixture;
    }

    /// <summary>The registries settings a pull runs with: registries.conf text (empty: none) in the fixture's directory.</summary>
    public async Task<PullOptions> OptionsAsync(string registriesConf = "", RegistryCredentials? credentials = null)
    {
        var file = _directory.Write($"registries-{Guid.NewGuid():N}.conf", registriesConf);
        var registries = await RegistriesConfig.LoadAsync(new RegistriesConfigFiles(file, true, _directory.Combine("no-drop-ins")), []);
        return new PullOptions(registries, credentials);
    }

    /// <summary>A new manager over the same store, as after a daemon restart.</summary>
    public async Task ReopenAsync()
    {
        Manager.Dispose();
        Manager = await OpenManagerAsync(Root);
    }

    /// <summary>What the store holds, for "nothing half-stored" checks: image records, layer directories, scratch leftovers.</summary>
    public (int Images, int Layers, int Scratch) Contents() =>
        (Directory.GetFiles(Manager.Paths.Images).Length,
         Directory.GetDirectories(Manager.Paths.Layers).Length,
         Directory.GetFileSystemEntries(Manager.Paths.Scratch).Length);

    public void Dispose()
    {
        Manager.Dispose();
        _directory.Dispose();
    }

    private static Task<ImageManager> OpenManagerAsync(string root) =>
        ImageManager.OpenAsync(root, new RegistryClientOptions { InitialBackoff = TimeSpan.FromMilliseconds(20) }, new TestLoggerFactory(), CancellationToken.None);
}
