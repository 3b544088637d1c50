using CriEngine.Config.Schema;

namespace CriEngine.Config;

/// <summary>
/// The flags of crio(8) given on the command line or through their <c>CONTAINER_*</c>
/// environment variables, by long name. Flags apply after every file and stay in force across
/// reloads.
/// </summary>
public sealed record ConfigFlags
{
    public static ConfigFlags None { get; } = new();

    public ValueMap<GivenFlag> Given { get; init; } = ValueMap<GivenFlag>.Empty;

    /// <summary><c>--registries-conf</c> (or CONTAINER_REGISTRIES_CONF): another registries.conf.</summary>
    public string? RegistriesConf => Given.TryGetValue(CommandLineFlags.RegistriesConf, out var given) ? given.Texts[^1] : null;

    /// <summary><c>--registries-conf-dir</c> (or CONTAINER_REGISTRIES_CONF_DIR): another registries.conf.d.</summary>
    public string? RegistriesConfDir => Given.TryGetValue(CommandLineFlags.RegistriesConfDir, out var given) ? given.Texts[^1] : null;

    /// <summary>
    /// <c>--cni-plugin-timeout</c>: how long a pod's whole CNI ADD or DEL may take (a Go duration).
    /// The engine's own flag, with no crio.conf key: CRI-O has the same bound built in (5 minutes).
    /// </summary>
    public TimeSpan? CniPluginTimeout =>
        Given.TryGetValue(CommandLineFlags.CniPluginTimeout, out var given) && GoDuration.TryParse(given.Texts[^1], out var timeout) ? timeout : null;

    /// <summary>
    /// <c>--kubelet-root-dir</c>: the kubelet's <c>--root-dir</c>, under which the link-logs
    /// annotation finds a pod's emptyDir volume. The engine's own flag: CRI-O has /var/lib/kubelet built in.
    /// </summary>
    public string? KubeletRootDir => Given.TryGetValue(CommandLineFlags.KubeletRootDir, out var given) ? given.Texts[^1] : null;

    /// <summary>
    /// <c>--cni-cache-dir</c>: libcni's cache directory, where pods' CNI attachments and results are
    /// kept. The engine's own flag: CRI-O uses libcni's default, <c>/var/lib/cni</c>.
    /// </summary>
    public string? CniCacheDir => Given.TryGetValue(CommandLineFlags.CniCacheDir, out var given) ? given.Texts[^1] : null;

    /// <summary>
    /// Reads the daemon's flags (no subcommand) as CRI-O's command line takes them; see
    /// <see cref="CommandLineArguments.Parse"/>.
    /// </summary>
    /// <exception cref="ConfigException">An unknown flag, a flag without its value, a value of the wrong form, or an argument that is not a flag; each error names the flag.</exception>
    public static ConfigSources Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null) =>
        CommandLineArguments.Parse(args, environment ?? (_ => null), new Dictionary<string, IReadOnlyList<CommandOption>>()).Sources;
}
