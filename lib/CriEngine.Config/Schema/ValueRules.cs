using System.Globalization;

namespace CriEngine.Config.Schema;

/// <summary>The checks that single values must pass, each with its reason in CRI-O's terms.</summary>
internal static class ValueRules
{
    public static ValueRule<string> AbsolutePath { get; } =
        value => value.StartsWith('/') ? null : "must be an absolute path";

    /// <summary>For paths where empty means "not set" or "look it up".</summary>
    public static ValueRule<string> AbsolutePathOrEmpty { get; } =
        value => value == "" || value.StartsWith('/') ? null : "must be an absolute path or empty";

    /// <summary>irqbalance_config_restore_file: a path, empty, or "disable", which CRI-O takes as "restore nothing".</summary>
    public static ValueRule<string> AbsolutePathOrEmptyOrDisable { get; } =
        value => value is "" or "disable" || value.StartsWith('/') ? null : "must be an absolute path, empty or \"disable\"";

    public static ValueRule<ValueList<string>> AbsolutePaths { get; } =
        value => value.FirstOrDefault(entry => !entry.StartsWith('/')) is { } relative
            ? $"entry \"{relative}\" is not an absolute path"
            : null;

    public static ValueRule<long> Port { get; } =
        value => value is >= 0 and <= 65535 ? null : "must be a port number from 0 to 65535";

    /// <summary>A port held in a string, as CRI-O keeps <c>stream_port</c>.</summary>
    public static ValueRule<string> PortText { get; } =
        value => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && Port(port) is null ? null : "must be a port number from 0 to 65535";

    /// <summary>
    /// An image reference at least in shape; the image library checks the rest when it pulls.
    /// </summary>
    public static ValueRule<string> ImageReference { get; } =
        value => value != "" && !value.Any(char.IsWhiteSpace) ? null : "must be an image reference such as registry.k8s.io/pause:3.10";

    /// <summary>A duration in Go's form ("4h", "90s"), where empty means the built-in one.</summary>
    public static ValueRule<string> DurationOrEmpty { get; } =
        value => value == "" || (GoDuration.TryParse(value, out var duration) && duration >= TimeSpan.Zero) ? null : "must be a duration such as \"4h\" or \"90s\", or empty";

    public static ValueRule<string> OneOf(params string[] allowed) =>
        value => allowed.Contains(value, StringComparer.Ordinal) ? null : $"must be {Choices(Quoted(allowed))}";

    /// <summary>Like <see cref="OneOf"/>, where empty means "the default" as CRI-O takes it.</summary>
    public static ValueRule<string> OneOfOrEmpty(params string[] allowed) =>
        value => value == "" || allowed.Contains(value, StringComparer.Ordinal) ? null : $"must be {Choices([.. Quoted(allowed), "empty"])}";

    /// <summary>For log levels, which CRI-O's logger reads without regard to case.</summary>
    public static ValueRule<string> OneOfIgnoringCase(params string[] allowed) =>
        value => allowed.Contains(value, StringComparer.OrdinalIgnoreCase) ? null : $"must be {Choices(Quoted(allowed))}";

    public static ValueRule<long> NegativeOrAtLeast(long minimum) =>
        value => value < 0 || value >= minimum ? null : $"must be negative (no limit) or at least {minimum}";

    private static string[] Quoted(string[] allowed) => [.. allowed.Select(choice => $"\"{choice}\"")];

    private static string Choices(string[] choices) =>
        choices.Length == 1 ? choices[0] : string.Join(", ", choices[..^1]) + " or " + choices[^1];
}
