namespace CriEngine.Config;

/// <summary>
/// What a load reads, in CRI-O's order (later wins): the built-in defaults, the main file,
/// every file under the drop-in directory, then the flags. Keep the instance for reloads:
/// a reload reads the same files again and applies the same flags last.
/// </summary>
/// <param name="MainFile">The main file, or null for none (<c>--config ""</c>).</param>
/// <param name="MainFileExplicit">Whether <c>--config</c> named it: then a missing file is an error, else it is skipped.</param>
/// <param name="DropInDirectory">The drop-in directory, or null for none; a missing one is skipped, as CRI-O skips it even when named.</param>
public sealed record ConfigSources(string? MainFile, bool MainFileExplicit, string? DropInDirectory, ConfigFlags Flags)
{
    public const string DefaultMainFile = "/etc/crio/crio.conf";

    public const string DefaultDropInDirectory = "/etc/crio/crio.conf.d";

    public static ConfigSources Default { get; } = new(DefaultMainFile, false, DefaultDropInDirectory, ConfigFlags.None);
}
