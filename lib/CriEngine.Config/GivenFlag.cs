namespace CriEngine.Config;

/// <summary>A flag as given: its texts (one per occurrence; several for a repeated list flag) and where they came from (<c>--log-level</c>, or the environment variable's name).</summary>
public sealed record GivenFlag(ValueList<string> Texts, string Origin);
