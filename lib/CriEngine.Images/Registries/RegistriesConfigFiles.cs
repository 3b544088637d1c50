namespace CriEngine.Images.Registries;

/// <summary>
/// Where registries.conf is read from: a main file, then every <c>*.conf</c> file directly in a
/// drop-in directory in lexical order (containers-registries.conf.d(5)).
/// </summary>
/// <param name="MainFile">Read first; in the version 1 or 2 format.</param>
/// <param name="MainFileRequired">Whether a missing main file is an error rather than an empty configuration.</param>
/// <param name="DropInDirectory">Its files must be in the version 2 format; a missing directory holds none.</param>
public sealed record RegistriesConfigFiles(string MainFile, bool MainFileRequired, string DropInDirectory)
{
    public const string DefaultMainFile = "/etc/containers/registries.conf";

    public const string DefaultDropInDirectory = "/etc/containers/registries.conf.d";

    /// <summary>CRI-O's variable for another main file (its hidden <c>--registries-conf</c> flag).</summary>
    public const string MainFileVariable = "CONTAINER_REGISTRIES_CONF";

    /// <summary>CRI-O's variable for another drop-in directory (its hidden <c>--registries-conf-dir</c> flag).</summary>
    public const string DropInDirectoryVariable = "CONTAINER_REGISTRIES_CONF_DIR";

    /// <summary>
    /// The files CRI-O reads given its environment: each variable that is set and not empty
    /// replaces its default. As in containers/image, naming another main file keeps the drop-in
    /// directory, and a main file named that way must exist.
    /// </summary>
    /// <param name="getVariable">Looks up an environment variable, e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>.</param>
    public static RegistriesConfigFiles FromEnvironment(Func<string, string?> getVariable)
    {
        var mainFile = getVariable(MainFileVariable);
        var dropInDirectory = getVariable(DropInDirectoryVariable);
        return new RegistriesConfigFiles(
            string.IsNullOrEmpty(mainFile) ? DefaultMainFile : mainFile,
            !string.IsNullOrEmpty(mainFile),
            string.IsNullOrEmpty(dropInDirectory) ? DefaultDropInDirectory : dropInDirectory);
    }
}
