using CriEngine.Config;
using CriEngine.Config.Toml;

namespace CriEngine.Images.Registries;

/// <summary>
/// Reads the main registries.conf and its drop-ins and merges them as containers/image does
/// (<c>updateWithConfigurationFrom</c>): a later file's <c>[[registry]]</c> replaces an earlier
/// one with the same prefix and adds the others; <c>unqualified-search-registries</c> and
/// <c>short-name-mode</c> are replaced by a later file that sets them (an empty list too);
/// aliases are merged name by name, an empty name erasing one.
/// </summary>
internal static class RegistriesConfigLoader
{
    private const string DropInSuffix = ".conf";

    /// <exception cref="ConfigException">Every problem found in every file.</exception>
    public static async Task<RegistriesConfig> LoadAsync(RegistriesConfigFiles files, IReadOnlyList<string> insecureRegistries, CancellationToken cancellationToken)
    {
        var issues = new List<ConfigIssue>();
        var registries = new Dictionary<string, RegistryEntry>(StringComparer.Ordinal);
        IReadOnlyList<string> searchRegistries = [];
        var shortNameMode = ShortNameMode.Permissive;
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);

        var sources = DropInFiles(files.DropInDirectory)
            .Select(path => (Path: path, IsDropIn: true))
            .Prepend((Path: files.MainFile, IsDropIn: false));
        foreach (var (path, isDropIn) in sources)
        {
            var required = !isDropIn && files.MainFileRequired;
            if (await ReadFileAsync(path, isDropIn, required, issues, cancellationToken) is not { } file)
                continue;
            foreach (var entry in file.Registries)
                registries[entry.Prefix] = entry;
            searchRegistries = file.UnqualifiedSearchRegistries ?? searchRegistries;
            shortNameMode = file.ShortNameMode ?? shortNameMode;
            foreach (var (name, target) in file.Aliases)
            {
                if (target is null)
                    aliases.Remove(name);
                else
                    aliases[name] = target;
            }
        }
        if (issues.Count > 0)
            throw new ConfigException(issues);

        return new RegistriesConfig(
            ValueList<string>.From(searchRegistries),
            shortNameMode,
            ValueList<RegistryEntry>.From(registries.Values.OrderBy(entry => entry.Prefix, StringComparer.Ordinal)),
            ValueMap<string>.From(aliases),
            ValueList<string>.From(insecureRegistries));
    }

    /// <summary>The <c>*.conf</c> files directly in the directory, in lexical order; sub-directories are ignored.</summary>
    private static IEnumerable<string> DropInFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory)
                .Where(path => path.EndsWith(DropInSuffix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>The file's settings; null when it is absent (and may be) or has problems, which are recorded.</summary>
    private static async Task<RegistriesFile?> ReadFileAsync(string path, bool isDropIn, bool required, List<ConfigIssue> issues, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // A drop-in removed between listing and reading is a race containers/image ignores too.
            if (required)
                issues.Add(new ConfigIssue(new ValueOrigin(path), null, null, "no such file"));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            issues.Add(new ConfigIssue(new ValueOrigin(path), null, null, $"cannot be read: {e.Message}"));
            return null;
        }

        TomlTable document;
        try
        {
            document = TomlDocument.Parse(bytes, path);
        }
        catch (TomlParseException e)
        {
            issues.Add(new ConfigIssue(new ValueOrigin(e.Source, e.Line, e.Column), null, null, e.Reason));
            return null;
        }
        var fileIssues = new List<ConfigIssue>();
        var file = RegistriesFileReader.Read(document, isDropIn, new TomlFieldReader(path, fileIssues));
        issues.AddRange(fileIssues.OrderBy(issue => issue.Origin.Line).ThenBy(issue => issue.Origin.Column));
        return fileIssues.Count == 0 ? file : null;
    }
}
