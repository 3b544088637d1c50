using CriEngine.Config.Schema;

namespace CriEngine.Config;

/// <summary>
/// The command-line flags that set config keys, with CRI-O's names; null means not given.
/// Flags apply after every file and stay in force across reloads.
/// </summary>
public sealed record ConfigFlags
{
    public static ConfigFlags None { get; } = new();

    /// <summary><c>--listen</c>: crio.api.listen</summary>
    public string? Listen { get; init; }

    /// <summary><c>--root</c>: crio.root</summary>
    public string? Root { get; init; }

    /// <summary><c>--runroot</c>: crio.runroot</summary>
    public string? RunRoot { get; init; }

    /// <summary><c>--log-level</c>: crio.runtime.log_level</summary>
    public string? LogLevel { get; init; }

    /// <summary><c>--log-dir</c>: crio.log_dir</summary>
    public string? LogDir { get; init; }

    /// <summary><c>--cgroup-manager</c>: crio.runtime.cgroup_manager</summary>
    public string? CgroupManager { get; init; }

    /// <summary><c>--conmon</c>: crio.runtime.conmon</summary>
    public string? Conmon { get; init; }

    /// <summary><c>--conmon-cgroup</c>: crio.runtime.conmon_cgroup</summary>
    public string? ConmonCgroup { get; init; }

    /// <summary><c>--default-runtime</c>: crio.runtime.default_runtime</summary>
    public string? DefaultRuntime { get; init; }

    /// <summary><c>--pause-image</c>: crio.image.pause_image</summary>
    public string? PauseImage { get; init; }

    /// <summary><c>--pause-command</c>: crio.image.pause_command</summary>
    public string? PauseCommand { get; init; }

    /// <summary><c>--cni-config-dir</c>: crio.network.network_dir</summary>
    public string? CniConfigDir { get; init; }

    /// <summary><c>--cni-plugin-dir</c> (repeatable, or comma-separated): crio.network.plugin_dirs</summary>
    public ValueList<string>? CniPluginDirs { get; init; }

    /// <summary><c>--stream-address</c>: crio.api.stream_address</summary>
    public string? StreamAddress { get; init; }

    /// <summary><c>--stream-port</c>: crio.api.stream_port (a string, as in CRI-O)</summary>
    public string? StreamPort { get; init; }

    /// <summary><c>--enable-metrics</c>: crio.metrics.enable_metrics</summary>
    public bool? EnableMetrics { get; init; }

    /// <summary><c>--metrics-port</c>: crio.metrics.metrics_port</summary>
    public long? MetricsPort { get; init; }

    /// <summary>
    /// <c>--cni-plugin-timeout</c>: how long a pod's whole CNI ADD or DEL may take (a Go duration).
    /// The engine's own flag, with no crio.conf key: CRI-O has the same bound built in (5 minutes).
    /// </summary>
    public TimeSpan? CniPluginTimeout { get; init; }

    /// <summary>
    /// Reads the daemon's arguments as CRI-O's command line takes them: <c>--flag value</c> or
    /// <c>--flag=value</c> (one dash works too), boolean flags alone or as <c>--flag=false</c>,
    /// plus <c>--config</c>/<c>-c</c> and <c>--config-dir</c>/<c>-d</c> (an empty value means none).
    /// </summary>
    /// <exception cref="ConfigException">An unknown flag, a flag without its value, a value of the wrong form, or an argument that is not a flag; each error names the flag.</exception>
    public static ConfigSources Parse(IReadOnlyList<string> args)
    {
        var sources = ConfigSources.Default;
        var flags = None;
        var errors = new List<ConfigIssue>();
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            var body = argument.StartsWith("--") ? argument[2..] : argument.StartsWith('-') ? argument[1..] : "";
            if (body == "" || body[0] is '-' or '=')
            {
                errors.Add(new ConfigIssue(new ValueOrigin(argument), null, null, "not a flag"));
                continue;
            }
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            var inline = equals < 0 ? null : body[(equals + 1)..];
            var origin = new ValueOrigin("--" + name);
            var flag = CommandLineFlags.All.FirstOrDefault(candidate => candidate.Name == name);
            if (flag is null && name is not ("config" or "c" or "config-dir" or "d" or "cni-plugin-timeout"))
            {
                errors.Add(new ConfigIssue(origin, null, null, "unknown flag"));
                continue;
            }
            var text = inline ?? (flag is { IsSwitch: true } ? "true" : i + 1 < args.Count ? args[++i] : null);
            if (text is null)
            {
                errors.Add(new ConfigIssue(origin, null, null, "needs a value"));
                continue;
            }
            switch (name)
            {
                case "config" or "c":
                    sources = sources with { MainFile = text == "" ? null : text, MainFileExplicit = true };
                    break;
                case "config-dir" or "d":
                    sources = sources with { DropInDirectory = text == "" ? null : text };
                    break;
                case "cni-plugin-timeout":
                    if (GoDuration.TryParse(text, out var timeout) && timeout > TimeSpan.Zero)
                        flags = flags with { CniPluginTimeout = timeout };
                    else
                        errors.Add(new ConfigIssue(origin, null, null, $"\"{text}\" is not a positive duration"));
                    break;
                default:
                    if (flag!.Read(flags, text) is { } read)
                        flags = read;
                    else
                        errors.Add(new ConfigIssue(origin, null, null, $"\"{text}\" is not {flag.Expected}"));
                    break;
            }
        }
        if (errors.Count > 0)
            throw new ConfigException(errors);
        return sources with { Flags = flags };
    }
}
