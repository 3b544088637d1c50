using CriEngine.TestSupport;
namespace CriEngine.Config.Tests;

/// <summary>Gives each test its own temporary directory, deleted in TearDown, and loads configs from it.</summary>
public abstract class ConfigTestBase
{
    private TempDirectory? _directory;

    private protected TempDirectory Files => _directory ?? throw new InvalidOperationException("SetUp has not run");

    /// <summary>The main file of <see cref="Sources"/>, not written until a test writes it.</summary>
    protected string MainFile => Files.Combine("crio.conf");

    protected string DropInDirectory => Files.Combine("crio.conf.d");

    /// <summary>The test directory's main file (named explicitly) and drop-in directory, no flags.</summary>
    protected ConfigSources Sources => new(MainFile, MainFileExplicit: false, DropInDirectory, ConfigFlags.None);

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory()
    {
        _directory?.Dispose();
        _directory = null;
    }

    protected string WriteMain(string toml) => Files.Write("crio.conf", toml);

    protected string WriteDropIn(string name, string toml) => Files.Write(Path.Combine("crio.conf.d", name), toml);

    protected static LoadedConfig Load(ConfigSources sources, ToolLocator? tools = null) =>
        new ConfigLoader(tools ?? FakeTools.Standard).Load(sources);

    protected LoadedConfig Load(ToolLocator? tools = null) => Load(Sources, tools);

    /// <summary>The error lines of a load that must fail.</summary>
    protected IReadOnlyList<string> LoadErrors(ToolLocator? tools = null) =>
        LoadErrors(Sources, tools);

    protected static IReadOnlyList<string> LoadErrors(ConfigSources sources, ToolLocator? tools = null)
    {
        var exception = Assert.Throws<ConfigException>(() => Load(sources, tools))!;
        return [.. exception.Errors.Select(error => error.ToString())];
    }
}
