namespace CriEngine.Config;

/// <summary>
/// Where a config value came from: a file and line, a command-line flag (line 0), or the
/// built-in defaults. Printed the way compilers print places: <c>file:line</c>.
/// </summary>
public readonly record struct ValueOrigin(string Source, int Line = 0, int Column = 0)
{
    public static ValueOrigin BuiltInDefault { get; } = new("built-in default");

    public override string ToString() => (Line, Column) switch
    {
        (0, _) => Source,
        (_, 0) => $"{Source}:{Line}",
        _ => $"{Source}:{Line}:{Column}",
    };
}
