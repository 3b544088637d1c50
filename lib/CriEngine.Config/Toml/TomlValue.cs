namespace CriEngine.Config.Toml;

/// <summary>
/// A value of a loaded TOML document (see <see cref="TomlDocument"/>). Every value remembers
/// where it was written, so that errors found later (config validation) can point at the line.
/// </summary>
public abstract class TomlValue
{
    protected TomlValue(TomlPosition position) => Position = position;

    /// <remarks>
    /// Settable inside the library because a table first created implicitly (as a parent named in a
    /// header path) moves to where it is later defined explicitly.
    /// </remarks>
    public TomlPosition Position { get; internal set; }

    public abstract TomlKind Kind { get; }
}
