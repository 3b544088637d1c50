namespace CriEngine.Config.Tests;

/// <summary>A <see cref="ToolLocator"/> over a made-up PATH, so that checks for runc, crun and conmon need none installed.</summary>
internal static class FakeTools
{
    public const string BinDirectory = "/test/bin";

    /// <summary>crun, runc and conmon on the PATH: what the default config needs.</summary>
    public static ToolLocator Standard { get; } = With();

    /// <param name="executables">More executables: a bare name is put in <see cref="BinDirectory"/>, a path is taken as it is.</param>
    public static ToolLocator With(params string[] executables)
    {
        var present = new HashSet<string>(
            new[] { "crun", "runc", "conmon" }.Concat(executables).Select(name => name.Contains('/') ? name : $"{BinDirectory}/{name}"),
            StringComparer.Ordinal);
        return new ToolLocator(BinDirectory, present.Contains);
    }

    /// <summary>Only these executables; an empty list means nothing at all is installed.</summary>
    public static ToolLocator Only(params string[] executables)
    {
        var present = new HashSet<string>(executables.Select(name => name.Contains('/') ? name : $"{BinDirectory}/{name}"), StringComparer.Ordinal);
        return new ToolLocator(BinDirectory, present.Contains);
    }
}
