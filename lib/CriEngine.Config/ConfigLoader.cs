using CriEngine.Config.Schema;
using CriEngine.Config.Toml;

namespace CriEngine.Config;

/// <summary>
/// Builds the effective configuration from its sources, in CRI-O's order: built-in defaults,
/// the main file, the drop-in files (see <see cref="DropInFiles"/> for which and in what
/// order), then the flags; a later source wins.
/// <para>
/// Merging: a key set again overrides the earlier value, and an array is replaced, not
/// appended to, except <c>storage_option</c>, whose entries CRI-O collects from every file.
/// A runtime handler or workload table given again is merged key by key onto the earlier one
/// (keys it does not give keep their value); a new one starts from the table's defaults.
/// </para>
/// <para>
/// A key CRI-O does not know is a warning, not an error: CRI-O ignores such keys, so a node
/// configured for it may carry some. A value of the wrong TOML type is an error, as in CRI-O.
/// A key the engine does not act on is reported, with the reason, when it is set to something
/// other than its default, so that a stock crio.conf loads without such reports.
/// </para>
/// Only the files named are read; the checks for binaries go through the given
/// <see cref="ToolLocator"/>. Loading runs at start and on SIGHUP, never on a request path.
/// </summary>
public sealed class ConfigLoader(ToolLocator tools)
{
    /// <summary>The built-in defaults: CRI-O's, except root and runroot, which are the engine's own store.</summary>
    public static CrioConfig Defaults => ConfigSchema.Defaults;

    /// <summary>The built-in defaults with flags applied and checked: a load that reads no file.</summary>
    /// <exception cref="ConfigException">The result is not usable.</exception>
    public LoadedConfig LoadDefaults(ConfigFlags flags) => Load(new ConfigSources(null, false, null, flags));

    /// <exception cref="ConfigException">A file cannot be read or is not UTF-8 TOML, a value has the wrong type, or the result is not usable; every problem found is listed.</exception>
    public LoadedConfig Load(ConfigSources sources)
    {
        var context = new BindContext();
        var config = ConfigSchema.Defaults;
        var files = FilesOf(sources, context.Errors);
        foreach (var file in files)
        {
            if (Read(file, context.Errors) is { } document)
            {
                context.Source = file;
                config = ConfigSchema.Tree.Bind(config, document, KeyPath.Root, context);
            }
        }
        foreach (var flag in CommandLineFlags.All)
        {
            if (!sources.Flags.Given.TryGetValue(flag.Name, out var given))
                continue;
            context.Source = given.Origin;
            if (flag.Key is { } key && flag.Read(given.Texts) is { } value)
                config = ConfigSchema.Tree.Bind(config, Document(key.Split('.'), value), KeyPath.Root, context);
            else if (flag.NotActedOnReason is { } reason)
                context.RecordNotActedOn(given.Origin, reason);
        }
        // A key not acted on is worth a warning only when it asks for something other than the default.
        var changed = ConfigChanges.Between(ConfigSchema.BaselineOf(config), config).ToDictionary(change => change.Key, change => change.NewValue);
        var notActedOn = ValueList<ConfigIssue>.From(context.NotActedOnIssues(changed));

        var validator = new ConfigValidator(tools, context.Origins);
        config = validator.Validate(config);
        List<ConfigIssue> errors = [.. context.Errors, .. validator.Errors];
        if (errors.Count > 0)
            throw new ConfigException(errors);
        return new LoadedConfig(
            config,
            notActedOn,
            ValueList<ConfigIssue>.From([.. context.Warnings, .. validator.Warnings]),
            ValueList<string>.From(files));
    }

    private static List<string> FilesOf(ConfigSources sources, List<ConfigIssue> errors)
    {
        var files = new List<string>();
        if (sources.MainFile is { } main)
        {
            if (File.Exists(main) || Directory.Exists(main))
                files.Add(main);
            else if (sources.MainFileExplicit)
                errors.Add(new ConfigIssue(new ValueOrigin("--config"), null, null, $"{main}: no such file"));
        }
        if (sources.DropInDirectory is { } directory)
        {
            try
            {
                files.AddRange(DropInFiles.Under(directory));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ConfigIssue(new ValueOrigin(directory), null, null, $"cannot list the drop-in files: {e.Message}"));
            }
        }
        return files;
    }

    private static TomlTable? Read(string file, List<ConfigIssue> errors)
    {
        try
        {
            return TomlDocument.Parse(File.ReadAllBytes(file), file);
        }
        catch (TomlParseException e)
        {
            errors.Add(new ConfigIssue(new ValueOrigin(e.Source, e.Line, e.Column), null, null, e.Reason));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigIssue(new ValueOrigin(file), null, null, $"cannot read: {e.Message}"));
        }
        return null;
    }

    /// <summary>A document holding one key, so that a flag is bound exactly as a file setting the key would be.</summary>
    private static TomlTable Document(IReadOnlyList<string> key, TomlValue value)
    {
        TomlValue node = value;
        foreach (var segment in key.Reverse())
        {
            var table = new TomlTable();
            table.Add(segment, node);
            node = table;
        }
        return (TomlTable)node;
    }
}
