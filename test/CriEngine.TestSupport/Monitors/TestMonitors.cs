using System.Reflection;

namespace CriEngine.TestSupport.Monitors;

/// <summary>
/// The container monitors the engine must work with: Debian's conmon, and the project's own
/// crimon, published (Native AOT) when this project builds.
/// </summary>
public static class TestMonitors
{
    public const string Conmon = "/usr/bin/conmon";

    /// <summary>The published crimon binary.</summary>
    public static string Crimon { get; } = typeof(TestMonitors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "CrimonPath").Value!;

    /// <summary>The monitor a parameterised fixture names: "conmon" or "crimon".</summary>
    public static string PathOf(string monitor) => monitor switch
    {
        "conmon" => Conmon,
        "crimon" => Crimon,
        _ => throw new ArgumentException($"no test monitor named {monitor}", nameof(monitor)),
    };
}
