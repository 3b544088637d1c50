using CriEngine.Config.Schema;

namespace CriEngine.Config;

/// <summary>
/// crio(8)'s command line read: the config sources its global flags and <c>CONTAINER_*</c>
/// environment variables name, the subcommand, its options and its other arguments.
/// </summary>
/// <param name="Command">The subcommand, or null to run the daemon; "help" for <c>--help</c>, "version" for <c>--version</c>.</param>
/// <param name="Options">The subcommand's options by name; a switch given holds "true".</param>
/// <param name="Arguments">The words after the subcommand that are neither flags nor their values.</param>
public sealed record CommandLineArguments(ConfigSources Sources, string? Command, ValueMap<string> Options, ValueList<string> Arguments)
{
    /// <summary>
    /// Reads the arguments as CRI-O's command line takes them: global flags before or after the
    /// subcommand, <c>--flag value</c> or <c>--flag=value</c> (one dash works too), short forms
    /// (<c>-c</c>, <c>-d</c>, <c>-l</c>, <c>-r</c>, <c>-s</c>), boolean flags alone or as
    /// <c>--flag=false</c>, list flags repeated or comma-separated. A flag not given is taken from
    /// its environment variable when that is set: a flag wins over its variable.
    /// </summary>
    /// <param name="commands">The subcommands and their options.</param>
    /// <exception cref="ConfigException">An unknown flag, a flag without its value, a value of the wrong form, or a word that is no subcommand; each error names the flag or word.</exception>
    public static CommandLineArguments Parse(
        IReadOnlyList<string> args, Func<string, string?> environment, IReadOnlyDictionary<string, IReadOnlyList<CommandOption>> commands)
    {
        var errors = new List<ConfigIssue>();
        var given = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var options = ValueMap<string>.Empty;
        var arguments = new List<string>();
        string? command = null;
        var flagsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (flagsEnded || argument == "-" || !argument.StartsWith('-'))
            {
                if (command is not null)
                    arguments.Add(argument);
                else if (commands.ContainsKey(argument))
                    command = argument;
                else
                    errors.Add(Issue(argument, commands.Count == 0 ? "not a flag" : "not a flag or command"));
                continue;
            }
            if (argument == "--")
            {
                flagsEnded = true;
                continue;
            }
            var body = argument.StartsWith("--") ? argument[2..] : argument[1..];
            if (body == "" || body[0] is '-' or '=')
            {
                errors.Add(Issue(argument, "not a flag"));
                continue;
            }
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            var inline = equals < 0 ? null : body[(equals + 1)..];
            string? Value(bool isSwitch) => inline ?? (isSwitch ? "true" : i + 1 < args.Count ? args[++i] : null);

            if (command is not null && commands[command].FirstOrDefault(option => option.IsNamed(name)) is { } option)
            {
                if (Value(option.IsSwitch) is { } optionText)
                    options = options.SetItem(option.Name, optionText);
                else
                    errors.Add(Issue("--" + name, "needs a value"));
                continue;
            }
            if (name is "help" or "h" or "version" or "v")
            {
                command ??= name.StartsWith('h') ? "help" : "version";
                continue;
            }
            if (CommandLineFlags.Find(name) is not { } flag)
            {
                errors.Add(Issue("--" + name, "unknown flag"));
                continue;
            }
            if (Value(flag.IsSwitch) is not { } text)
            {
                errors.Add(Issue("--" + name, "needs a value"));
                continue;
            }
            if (!flag.IsList || !given.TryGetValue(flag.Name, out var texts))
                given[flag.Name] = texts = [];
            texts.Add(text);
        }

        var flags = ValueMap<GivenFlag>.Empty;
        foreach (var flag in CommandLineFlags.All)
        {
            GivenFlag entry;
            if (given.TryGetValue(flag.Name, out var texts))
                entry = new GivenFlag(ValueList<string>.From(texts), "--" + flag.Name);
            else if (flag.Names.EnvironmentVariable is { } variable && environment(variable) is { } text)
                entry = new GivenFlag(FromEnvironment(flag, text), variable);
            else
                continue;
            if (entry.Texts.Count == 0)
                continue;
            if (flag.Read(entry.Texts) is null)
                errors.Add(Issue(entry.Origin, $"\"{string.Join(",", entry.Texts)}\" is not {flag.Expected}"));
            else
                flags = flags.SetItem(flag.Name, entry);
        }
        if (errors.Count > 0)
            throw new ConfigException(errors);

        var sources = ConfigSources.Default;
        if (flags.TryGetValue(CommandLineFlags.Config, out var config))
            sources = sources with { MainFile = config.Texts[^1] == "" ? null : config.Texts[^1], MainFileExplicit = true };
        if (flags.TryGetValue(CommandLineFlags.ConfigDir, out var configDir))
            sources = sources with { DropInDirectory = configDir.Texts[^1] == "" ? null : configDir.Texts[^1] };
        flags = flags.Remove(CommandLineFlags.Config).Remove(CommandLineFlags.ConfigDir);
        return new CommandLineArguments(sources with { Flags = new ConfigFlags { Given = flags } }, command, options, ValueList<string>.From(arguments));
    }

    // As urfave/cli reads variables: a list splits on commas; an empty boolean means false.
    private static ValueList<string> FromEnvironment(CommandLineFlag flag, string text) =>
        flag.IsList ? ValueList<string>.From(text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        : flag.IsSwitch && text == "" ? ValueList<string>.Of("false")
        : ValueList<string>.Of(text);

    private static ConfigIssue Issue(string origin, string reason) => new(new ValueOrigin(origin), null, null, reason);
}
