using System.Globalization;

namespace CriEngine.Crimon.Options;

/// <summary>Every option conmon 2.1.6 knows, with its names, its argument and its help line; crimon takes them all.</summary>
internal static class OptionTable
{
    public static IReadOnlyList<OptionDefinition> All { get; } =
    [
        new("api-version", null, OptionKind.Flag, (o, _) => o.ApiVersion = 1, "Conmon API version to use"),
        new("bundle", 'b', OptionKind.Text, (o, v) => o.BundlePath = v, "Location of the OCI Bundle path"),
        new("cid", 'c', OptionKind.Text, (o, v) => o.ContainerId = v, "Identification of Container"),
        new("conmon-pidfile", 'P', OptionKind.Text, (o, v) => o.MonitorPidFile = v, "PID file for the conmon process"),
        new("container-pidfile", 'p', OptionKind.Text, (o, v) => o.ContainerPidFile = v, "PID file for the initial pid inside of container"),
        new("pidfile", null, OptionKind.Text, (o, v) => o.ContainerPidFile = v, "PID file (DEPRECATED)"),
        new("cuuid", 'u', OptionKind.Text, (o, v) => o.ContainerUuid = v, "Container UUID"),
        new("exec", 'e', OptionKind.Flag, (o, _) => o.Exec = true, "Exec a command into a running container"),
        new("exec-attach", null, OptionKind.Flag, (o, _) => o.ExecAttach = true, "Attach to an exec session"),
        new("exec-process-spec", null, OptionKind.Text, (o, v) => o.ExecProcessSpec = v, "Path to the process spec for execution"),
        new("exit-command", null, OptionKind.Text, (o, v) => o.ExitCommand = v, "Path to the program to execute when the container terminates its execution"),
        new("exit-command-arg", null, OptionKind.TextList, (o, v) => o.ExitCommandArguments.Add(v!), "Additional arg to pass to the exit command.  Can be specified multiple times"),
        new("exit-delay", null, OptionKind.Int32, (o, v) => o.ExitDelay = ParseInt32(v!), "Delay before invoking the exit command (in seconds)"),
        new("exit-dir", null, OptionKind.Text, (o, v) => o.ExitDirectory = v, "Path to the directory where exit files are written"),
        new("leave-stdin-open", null, OptionKind.Flag, (o, _) => o.LeaveStdinOpen = true, "Leave stdin open when attached client disconnects"),
        new("log-level", null, OptionKind.Text, (o, v) => o.LogLevel = v, "Print debug logs based on log level"),
        new("log-path", 'l', OptionKind.TextList, (o, v) => o.LogPaths.Add(v!), "Log file path"),
        new("log-size-max", null, OptionKind.Int64, (o, v) => o.LogSizeMax = ParseInt64(v!), "Maximum size of log file"),
        new("log-global-size-max", null, OptionKind.Int64, (o, v) => o.LogGlobalSizeMax = ParseInt64(v!), "Maximum size of all log files"),
        new("log-tag", null, OptionKind.Text, (o, v) => o.LogTag = v, "Additional tag to use for logging"),
        new("name", 'n', OptionKind.Text, (o, v) => o.Name = v, "Container name"),
        new("no-new-keyring", null, OptionKind.Flag, (o, _) => o.NoNewKeyring = true, "Do not create a new session keyring for the container"),
        new("no-pivot", null, OptionKind.Flag, (o, _) => o.NoPivot = true, "Do not use pivot_root"),
        new("no-sync-log", null, OptionKind.Flag, (o, _) => o.NoSyncLog = true, "Do not manually call sync on logs after container shutdown"),
        new("persist-dir", '0', OptionKind.Text, (o, v) => o.PersistPath = v, "Persistent directory for a container that can be used for storing container data"),
        new("replace-listen-pid", null, OptionKind.Flag, (o, _) => o.ReplaceListenPid = true, "Replace listen pid if set for oci-runtime pid"),
        new("restore", null, OptionKind.Text, (o, v) => o.RestorePath = v, "Restore a container from a checkpoint"),
        new("restore-arg", null, OptionKind.TextList, (o, v) => o.RuntimeOptions.Add(v!), "Additional arg to pass to the restore command. Can be specified multiple times. (DEPRECATED)"),
        new("runtime", 'r', OptionKind.Text, (o, v) => o.RuntimePath = v, "Path to store runtime data for the container"),
        new("runtime-arg", null, OptionKind.TextList, (o, v) => o.RuntimeArguments.Add(v!), "Additional arg to pass to the runtime. Can be specified multiple times"),
        new("runtime-opt", null, OptionKind.TextList, (o, v) => o.RuntimeOptions.Add(v!), "Additional opts to pass to the restore or exec command. Can be specified multiple times"),
        new("sdnotify-socket", null, OptionKind.Text, (o, v) => o.SdNotifySocket = v, "Path to the host's sd-notify socket to relay messages to"),
        new("socket-dir-path", null, OptionKind.Text, (o, v) => o.SocketDirectory = v!, "Location of container attach sockets"),
        new("stdin", 'i', OptionKind.Flag, (o, _) => o.Stdin = true, "Open up a pipe to pass stdin to the container"),
        new("sync", null, OptionKind.Flag, (o, _) => o.Sync = true, "Keep the main conmon process as its child by only forking once"),
        new("syslog", null, OptionKind.Flag, (o, _) => o.Syslog = true, "Log to syslog (use with cgroupfs cgroup manager)"),
        new("systemd-cgroup", 's', OptionKind.Flag, (o, _) => o.SystemdCgroup = true, "Enable systemd cgroup manager, rather then use the cgroupfs directly"),
        new("terminal", 't', OptionKind.Flag, (o, _) => o.Terminal = true, "Allocate a pseudo-TTY. The default is false"),
        new("timeout", 'T', OptionKind.Int32, (o, v) => o.Timeout = ParseInt32(v!), "Kill container after specified timeout in seconds."),
        new("version", null, OptionKind.Flag, (o, _) => o.Version = true, "Print the version and exit"),
        new("full-attach", null, OptionKind.Flag, (o, _) => o.FullAttach = true, "Don't truncate the path to the attach socket. This option causes conmon to ignore --socket-dir-path"),
        new("seccomp-notify-socket", null, OptionKind.Text, (o, v) => o.SeccompNotifySocket = v, "Path to the socket where the seccomp notification fd is received"),
        new("seccomp-notify-plugins", null, OptionKind.Text, (o, v) => o.SeccompNotifyPlugins = v, "Plugins to use for managing the seccomp notifications"),
        new("help", 'h', OptionKind.Flag, (o, _) => o.Help = true, "Show help options"),
    ];

    /// <summary>Integers as GLib reads them (strtol with base 0: decimal, 0x hex, 0 octal), already checked by the parser.</summary>
    public static int ParseInt32(string text) => checked((int)ParseInteger(text)!.Value);

    public static long ParseInt64(string text) => ParseInteger(text)!.Value;

    /// <summary>The integer <paramref name="text"/> holds, or null when it is not one.</summary>
    public static long? ParseInteger(string text)
    {
        var span = text.AsSpan().Trim();
        var negative = false;
        if (span.Length > 0 && (span[0] == '-' || span[0] == '+'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        var style = NumberStyles.None;
        var radix = 10;
        if (span.Length > 2 && span[0] == '0' && (span[1] == 'x' || span[1] == 'X'))
        {
            span = span[2..];
            style = NumberStyles.AllowHexSpecifier;
            radix = 16;
        }
        else if (span.Length > 1 && span[0] == '0')
            radix = 8;
        if (span.IsEmpty)
            return null;
        ulong value;
        if (radix == 8)
        {
            value = 0;
            foreach (var digit in span)
            {
                if (digit is < '0' or > '7')
                    return null;
                value = value * 8 + (ulong)(digit - '0');
                if (value > long.MaxValue)
                    return null;
            }
        }
        else if (!ulong.TryParse(span, style, CultureInfo.InvariantCulture, out value) || value > long.MaxValue)
            return null;
        return negative ? -(long)value : (long)value;
    }
}
