namespace CriEngine.Config;

/// <summary>
/// One problem found while loading the configuration: where, which key (dotted TOML path),
/// which value (TOML-formatted) and why. <see cref="Key"/> and <see cref="Value"/> are null
/// for problems that concern a whole file (unreadable, not TOML) or a flag as such.
/// </summary>
public sealed record ConfigIssue(ValueOrigin Origin, string? Key, string? Value, string Reason)
{
    public override string ToString() => (Key, Value) switch
    {
        (null, _) => $"{Origin}: {Reason}",
        (_, null) => $"{Origin}: {Key}: {Reason}",
        _ => $"{Origin}: {Key} = {Value}: {Reason}",
    };
}
