using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>The flags that set config keys, with CRI-O's names.</summary>
internal static class CommandLineFlags
{
    public static IReadOnlyList<CommandLineFlag> All { get; } =
    [
        Text("listen", "crio.api.listen", f => f.Listen, (f, v) => f with { Listen = v }),
        Text("root", "crio.root", f => f.Root, (f, v) => f with { Root = v }),
        Text("runroot", "crio.runroot", f => f.RunRoot, (f, v) => f with { RunRoot = v }),
        Text("log-level", "crio.runtime.log_level", f => f.LogLevel, (f, v) => f with { LogLevel = v }),
        Text("log-dir", "crio.log_dir", f => f.LogDir, (f, v) => f with { LogDir = v }),
        Text("cgroup-manager", "crio.runtime.cgroup_manager", f => f.CgroupManager, (f, v) => f with { CgroupManager = v }),
        Text("conmon", "crio.runtime.conmon", f => f.Conmon, (f, v) => f with { Conmon = v }),
        Text("conmon-cgroup", "crio.runtime.conmon_cgroup", f => f.ConmonCgroup, (f, v) => f with { ConmonCgroup = v }),
        Text("default-runtime", "crio.runtime.default_runtime", f => f.DefaultRuntime, (f, v) => f with { DefaultRuntime = v }),
        Text("pause-image", "crio.image.pause_image", f => f.PauseImage, (f, v) => f with { PauseImage = v }),
        Text("pause-command", "crio.image.pause_command", f => f.PauseCommand, (f, v) => f with { PauseCommand = v }),
        Text("cni-config-dir", "crio.network.network_dir", f => f.CniConfigDir, (f, v) => f with { CniConfigDir = v }),
        // Repeatable, and each value may list several directories separated by commas, as CRI-O's string slices do.
        new("cni-plugin-dir", "crio.network.plugin_dirs", "a list of directories", isSwitch: false,
            (f, v) => f with { CniPluginDirs = ValueList<string>.From([.. f.CniPluginDirs ?? ValueList<string>.Empty, .. SplitList(v)]) },
            f => f.CniPluginDirs is { } dirs ? new TomlArray(dirs.Select(dir => new TomlScalar(dir))) : null),
        Text("stream-address", "crio.api.stream_address", f => f.StreamAddress, (f, v) => f with { StreamAddress = v }),
        Text("stream-port", "crio.api.stream_port", f => f.StreamPort, (f, v) => f with { StreamPort = v }),
        new("enable-metrics", "crio.metrics.enable_metrics", "true or false", isSwitch: true,
            (f, v) => ParseBool(v) is { } on ? f with { EnableMetrics = on } : null,
            f => f.EnableMetrics is { } on ? new TomlScalar(on) : null),
        new("metrics-port", "crio.metrics.metrics_port", "an integer", isSwitch: false,
            (f, v) => long.TryParse(v, out var port) ? f with { MetricsPort = port } : null,
            f => f.MetricsPort is { } port ? new TomlScalar(port) : null),
    ];

    private static CommandLineFlag Text(string name, string key, Func<ConfigFlags, string?> get, Func<ConfigFlags, string, ConfigFlags> set) =>
        new(name, key, "a string", isSwitch: false, set, flags => get(flags) is { } text ? new TomlScalar(text) : null);

    private static IEnumerable<string> SplitList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    // The spellings Go's strconv.ParseBool takes.
    private static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };
}
