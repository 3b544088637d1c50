namespace CriEngine.Config;

/// <summary>
/// The configuration cannot be used. Carries every problem found, not only the first, so
/// that an operator fixes them in one go; the message lists them one per line.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigIssue> errors)
        : base(string.Join('\n', errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigIssue> Errors { get; }
}
