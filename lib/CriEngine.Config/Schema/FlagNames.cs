namespace CriEngine.Config.Schema;

/// <summary>How crio(8) names a flag: its long name, its short forms, and the environment variable that sets it.</summary>
internal sealed record FlagNames(string Name, string? EnvironmentVariable, params string[] Aliases);
