namespace CriEngine.Crimon.Options;

/// <summary>
/// Reads a command line the way GLib's GOption reads conmon's: <c>--name value</c>,
/// <c>--name=value</c>, <c>-x value</c>, grouped short flags (<c>-ti</c>), repeatable options
/// collected in order, <c>--</c> ending the options; anything else refused with GLib's message.
/// </summary>
internal static class OptionParser
{
    public static MonitorOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new MonitorOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == "--")
                break;
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var separator = argument.IndexOf('=');
                var name = separator < 0 ? argument[2..] : argument[2..separator];
                var definition = FindLong(name) ?? throw new OptionParseException($"Unknown option {argument}");
                var shown = "--" + name;
                if (definition.Kind == OptionKind.Flag)
                {
                    if (separator >= 0)
                        throw new OptionParseException($"Unexpected argument to {shown}");
                    definition.Apply(options, null);
                    continue;
                }
                string value;
                if (separator >= 0)
                    value = argument[(separator + 1)..];
                else if (i + 1 < arguments.Count)
                    value = arguments[++i];
                else
                    throw new OptionParseException($"Missing argument for {shown}");
                Apply(options, definition, shown, value);
            }
            else if (argument.Length > 1 && argument[0] == '-')
            {
                foreach (var letter in argument.AsSpan(1))
                {
                    var definition = FindShort(letter) ?? throw new OptionParseException($"Unknown option -{letter}");
                    var shown = "-" + letter;
                    if (definition.Kind == OptionKind.Flag)
                    {
                        definition.Apply(options, null);
                        continue;
                    }
                    if (i + 1 >= arguments.Count)
                        throw new OptionParseException($"Missing argument for {shown}");
                    Apply(options, definition, shown, arguments[++i]);
                }
            }
            // Anything else is left over, as GOption leaves it in argv; conmon ignores it.
        }
        return options;
    }

    /// <summary>The help text, as GOption prints it for conmon.</summary>
    public static string Help(string program)
    {
        var lines = new List<string> { "Usage:", $"  {program} [OPTION…] - conmon utility", "", "Help Options:", "  -h, --help                   Show help options", "", "Application Options:" };
        foreach (var definition in OptionTable.All.Where(d => d.Long != "help"))
        {
            var names = definition.Short is { } letter ? $"-{letter}, --{definition.Long}" : $"--{definition.Long}";
            lines.Add($"  {names,-29}{definition.Help}");
        }
        lines.Add("");
        return string.Join('\n', lines) + "\n";
    }

    private static void Apply(MonitorOptions options, OptionDefinition definition, string shown, string value)
    {
        if (definition.Kind is OptionKind.Int32 or OptionKind.Int64)
        {
            var number = OptionTable.ParseInteger(value) ?? throw new OptionParseException($"Cannot parse integer value “{value}” for {shown}");
            if (definition.Kind == OptionKind.Int32 && number is < int.MinValue or > int.MaxValue)
                throw new OptionParseException($"Integer value “{value}” for {shown} out of range");
        }
        definition.Apply(options, value);
    }

    private static OptionDefinition? FindLong(string name) => OptionTable.All.FirstOrDefault(d => d.Long == name);

    private static OptionDefinition? FindShort(char letter) => letter == '?' ? FindLong("help") : OptionTable.All.FirstOrDefault(d => d.Short == letter);
}
