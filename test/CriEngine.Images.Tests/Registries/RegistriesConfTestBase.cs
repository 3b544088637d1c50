using CriEngine.Config;
using CriEngine.Images.Registries;
using CriEngine.TestSupport;

namespace CriEngine.Images.Tests.Registries;

/// <summary>
/// A registries.conf and a registries.conf.d in a directory of each test's own, and loading
/// them the way the daemon does.
/// </summary>
public abstract class RegistriesConfTestBase
{
    private TempDirectory? _directory;

    protected TempDirectory Directory => _directory!;

    protected string MainFile => Directory.Combine("registries.conf");

    protected string DropInDirectory => Directory.Combine("registries.conf.d");

    protected RegistriesConfigFiles Files => new(MainFile, MainFileRequired: false, DropInDirectory);

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory("criengine-registries");

    [TearDown]
    public void RemoveDirectory() => _directory?.Dispose();

    protected string WriteMain(string text) => Directory.Write("registries.conf", text);

    protected string WriteDropIn(string name, string text) => Directory.Write(Path.Combine("registries.conf.d", name), text);

    protected Task<RegistriesConfig> LoadAsync(params string[] insecureRegistries) =>
        RegistriesConfig.LoadAsync(Files, insecureRegistries);

    /// <summary>Loads <paramref name="text"/> as the only file.</summary>
    protected Task<RegistriesConfig> LoadMainAsync(string text, params string[] insecureRegistries)
    {
        WriteMain(text);
        return LoadAsync(insecureRegistries);
    }

    /// <summary>The problems a load reports, one line each as the operator sees them.</summary>
    protected IReadOnlyList<string> LoadErrors()
    {
        var error = Assert.ThrowsAsync<ConfigException>(() => LoadAsync())!;
        return error.Errors.Select(issue => issue.ToString()).ToList();
    }
}
