using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// Every global flag of crio(8). A flag that sets a key is declared beside the key in the key
/// table (<see cref="SectionSettings{TOwner,TSection}.Flag"/>); only the flags without a key of
/// their own are listed here.
/// </summary>
internal static class CommandLineFlags
{
    public const string Config = "config";

    public const string ConfigDir = "config-dir";

    public const string CniPluginTimeout = "cni-plugin-timeout";

    public const string KubeletRootDir = "kubelet-root-dir";

    public const string CniCacheDir = "cni-cache-dir";

    public const string RegistriesConf = "registries-conf";

    public const string RegistriesConfDir = "registries-conf-dir";

    private const string ProfilingReason = "Go's pprof profiler has no counterpart in a .NET daemon";

    public static IReadOnlyList<CommandLineFlag> All { get; } =
    [
        Handled(new FlagNames(Config, "CONTAINER_CONFIG", "c"), "a file path"),
        Handled(new FlagNames(ConfigDir, "CONTAINER_CONFIG_DIR", "d"), "a directory"),
        .. ConfigSchema.Tree.Settings.Select(setting => setting.Flag).OfType<CommandLineFlag>(),
        // name:path:root[:type[:privileged_without_host_devices[:config_path[:container_min_memory]]]], one handler each.
        new(new FlagNames("runtimes", "CONTAINER_RUNTIMES"), "crio.runtime.runtimes", NotActedOnReason: null, IsSwitch: false, IsList: true,
            "name:path:root[:type[:privileged_without_host_devices[:config_path[:container_min_memory]]]]", RuntimeHandlers),
        // CRI-O's own logging and profiling.
        NotActedOn(new FlagNames("log", "CONTAINER_LOG"), TextKind.Instance, "the daemon logs to stderr (to the journal under systemd), not to a file"),
        NotActedOn(new FlagNames("log-format", "CONTAINER_LOG_FORMAT"), TextKind.Instance, "the daemon logs in one text format"),
        NotActedOn(new FlagNames("profile", "CONTAINER_PROFILE"), BooleanKind.Instance, ProfilingReason),
        NotActedOn(new FlagNames("profile-cpu", "CONTAINER_PROFILE_CPU"), TextKind.Instance, ProfilingReason),
        NotActedOn(new FlagNames("profile-mem", "CONTAINER_PROFILE_MEM"), TextKind.Instance, ProfilingReason),
        NotActedOn(new FlagNames("profile-port", "CONTAINER_PROFILE_PORT"), IntegerKind.Instance, ProfilingReason),
        NotActedOn(new FlagNames("enable-profile-unix-socket", "ENABLE_PROFILE_UNIX_SOCKET"), BooleanKind.Instance, ProfilingReason),
        // Where registries.conf and its drop-ins are read from; the daemon hands them to the image library.
        Handled(new FlagNames(RegistriesConf, "CONTAINER_REGISTRIES_CONF"), "a file path"),
        Handled(new FlagNames(RegistriesConfDir, "CONTAINER_REGISTRIES_CONF_DIR"), "a directory"),
        NotActedOn(new FlagNames("address", null), TextKind.Instance, "an obsolete name of the CRI socket; --listen sets it"),
        // The engine's own: how long a pod's whole CNI ADD or DEL may take (CRI-O has 5 minutes built in).
        new(new FlagNames(CniPluginTimeout, null), null, NotActedOnReason: null, IsSwitch: false, IsList: false, "a positive duration",
            texts => GoDuration.TryParse(texts[^1], out var timeout) && timeout > TimeSpan.Zero ? new TomlScalar(texts[^1]) : null),
        // The engine's own: the kubelet's --root-dir, where link-logs finds a pod's emptyDir volumes (CRI-O has /var/lib/kubelet built in).
        new(new FlagNames(KubeletRootDir, null), null, NotActedOnReason: null, IsSwitch: false, IsList: false, "an absolute directory path",
            texts => texts[^1].StartsWith('/') ? new TomlScalar(texts[^1]) : null),
        // The engine's own: libcni's cache directory (CRI-O takes libcni's default, /var/lib/cni).
        Handled(new FlagNames(CniCacheDir, null), "a directory"),
    ];

    public static CommandLineFlag? Find(string name) => All.FirstOrDefault(flag => flag.IsNamed(name));

    private static CommandLineFlag Handled(FlagNames names, string expected) =>
        new(names, null, NotActedOnReason: null, IsSwitch: false, IsList: false, expected, texts => new TomlScalar(texts[^1]));

    private static CommandLineFlag NotActedOn<T>(FlagNames names, ValueKind<T> kind, string reason) =>
        new(names, null, reason, kind.IsSwitch, kind.IsList, kind.FlagExpected, kind.FromFlag);

    private static TomlValue? RuntimeHandlers(IReadOnlyList<string> texts)
    {
        var handlers = new TomlTable();
        var values = TextListKind.Instance.FromFlag(texts) as TomlArray;
        foreach (var text in values!.Select(value => (string)((TomlScalar)value).Value))
        {
            var fields = text.Split(':');
            if (fields.Length is < 3 or > 7 || fields[0] == "" || handlers.ContainsKey(fields[0]))
                return null;
            string[] keys = ["runtime_path", "runtime_root", "runtime_type", "privileged_without_host_devices", "runtime_config_path", "container_min_memory"];
            var handler = new TomlTable();
            for (var i = 1; i < fields.Length; i++)
                handler.Add(keys[i - 1], i == 4 ? new TomlScalar(fields[i] == "true") : new TomlScalar(fields[i]));
            handlers.Add(fields[0], handler);
        }
        return handlers;
    }
}
