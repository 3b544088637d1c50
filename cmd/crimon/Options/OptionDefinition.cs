namespace CriEngine.Crimon.Options;

/// <summary>One option: its long name, its short letter (or none), what it takes, what it does to the options and its help line.</summary>
internal sealed record OptionDefinition(string Long, char? Short, OptionKind Kind, Action<MonitorOptions, string?> Apply, string Help);
