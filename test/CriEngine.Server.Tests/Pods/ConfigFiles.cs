using CriEngine.Config;
using CriEngine.TestSupport;

namespace CriEngine.Server.Tests.Pods;

/// <summary>A configuration loaded from TOML as the daemon loads it, for tests of what the engine makes of it.</summary>
internal static class ConfigFiles
{
    public static CrioConfig Load(string toml)
    {
        using var directory = new TempDirectory("criengine-config");
        var file = directory.Write("crio.conf", toml);
        return new ConfigLoader(ToolLocator.FromEnvironment()).Load(new ConfigSources(file, true, null, ConfigFlags.None)).Config;
    }
}
