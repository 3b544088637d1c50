using CriEngine.Config.Toml;
using CriEngine.Grpc;
using CriEngine.Images.References;

namespace CriEngine.Images.Registries;

/// <summary>
/// Reads one parsed registries.conf file (containers-registries.conf(5)). Keys the format has
/// but the engine has no use for (<c>credential-helpers</c>,
/// <c>additional-layer-store-auth-helper</c>) and unknown keys are ignored, as containers/image
/// ignores undecoded keys.
/// </summary>
internal static class RegistriesFileReader
{
    /// <summary>The version 2 keys, any of which beside a version 1 section makes a file mixed.</summary>
    private static readonly string[] Version2Keys =
        ["unqualified-search-registries", "short-name-mode", "registry", "aliases", "credential-helpers", "additional-layer-store-auth-helper"];

    public static RegistriesFile Read(TomlTable document, bool isDropIn, TomlFieldReader fields)
    {
        if (RegistriesVersion1Reader.Read(document, fields) is not { } version1)
        {
            return new RegistriesFile(
                RegistryTableReader.Read(document, fields),
                SearchRegistries(document, "unqualified-search-registries", "unqualified-search-registries", fields),
                ReadShortNameMode(document, fields),
                ReadAliases(document, fields));
        }
        var section = (TomlTable)document["registries"];
        if (isDropIn)
            fields.TableProblem(section, "registries", "a drop-in file must use the version 2 format ([[registry]], unqualified-search-registries), not [registries.*]");
        else if (Version2Keys.FirstOrDefault(document.ContainsKey) is { } mixed)
            fields.TableProblem(section, "registries", $"the version 1 format ([registries.*]) cannot be mixed with version 2 keys ({mixed})");
        else
            return version1;
        return RegistriesFile.Empty;
    }

    /// <summary><c>host[:port]</c> entries: trailing slashes dropped, anything else refused.</summary>
    public static IReadOnlyList<string>? SearchRegistries(TomlTable table, string key, string keyPath, TomlFieldReader fields)
    {
        if (fields.Strings(table, key, keyPath) is not { } values)
            return null;
        var registries = values.Select(value => fields.Location(value, keyPath, ReferenceGrammar.IsDomain, "host[:port]")).ToList();
        return registries.Contains(null) ? null : registries.OfType<string>().ToList();
    }

    private static ShortNameMode? ReadShortNameMode(TomlTable document, TomlFieldReader fields)
    {
        const string key = "short-name-mode";
        if (fields.Text(document, key, key) is not { } value)
            return null;
        var text = (string)value.Value;
        ShortNameMode? mode = text switch
        {
            "" => null,
            "permissive" => ShortNameMode.Permissive,
            "enforcing" => ShortNameMode.Enforcing,
            "disabled" => ShortNameMode.Disabled,
            _ => null,
        };
        if (mode is null && text.Length > 0)
            fields.Problem(value, key, "must be \"enforcing\", \"permissive\" or \"disabled\"");
        return mode;
    }

    /// <summary>
    /// <c>[aliases]</c>: a short name (no registry, tag or digest) to a qualified name (a registry,
    /// no tag or digest), normalized; an empty name erases an alias an earlier file set.
    /// </summary>
    private static IReadOnlyList<KeyValuePair<string, string?>> ReadAliases(TomlTable document, TomlFieldReader fields)
    {
        if (fields.Get<TomlTable>(document, "aliases", "aliases", "a table") is not { } table)
            return [];
        var aliases = new List<KeyValuePair<string, string?>>();
        foreach (var (name, value) in table)
        {
            var keyPath = "aliases." + TomlFormat.Key(name);
            if (value is not TomlScalar { Value: string targetName } target)
            {
                fields.Problem(value, keyPath, "must be a string");
                continue;
            }
            var nameProblem = AliasProblem(name, shortName: true);
            if (nameProblem is not null)
                fields.Problem(target, keyPath, $"the alias name \"{name}\" {nameProblem}");
            if (targetName.Length == 0)
            {
                aliases.Add(new(name, null));
                continue;
            }
            var targetProblem = AliasProblem(targetName, shortName: false);
            if (targetProblem is not null)
                fields.Problem(target, keyPath, targetProblem);
            else if (nameProblem is null)
                aliases.Add(new(name, ReferenceParser.Parse(targetName).Reference.Name));
        }
        return aliases;
    }

    private static string? AliasProblem(string text, bool shortName)
    {
        ParsedReference parsed;
        try
        {
            parsed = ReferenceParser.Parse(text);
        }
        catch (RpcException e)
        {
            return e.Message;
        }
        if (parsed.Suffix.Length > 0)
            return "must not have a tag or digest";
        if (parsed.NamesRegistry == shortName)
            return shortName ? "must be a short name, without a registry" : "must name a registry";
        return null;
    }
}
