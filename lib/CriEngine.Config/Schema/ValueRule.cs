namespace CriEngine.Config.Schema;

/// <summary>A check on one value: null when it is fine, else the reason it is not ("must be an absolute path").</summary>
internal delegate string? ValueRule<in T>(T value);
