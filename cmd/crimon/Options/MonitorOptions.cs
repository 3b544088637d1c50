namespace CriEngine.Crimon.Options;

/// <summary>
/// conmon's command line, option for option (<c>conmon --help</c> of 2.1.6): what the monitor
/// supervises, how it runs the runtime, where its files go.
/// </summary>
internal sealed class MonitorOptions
{
    public bool Terminal { get; set; }
    public bool Stdin { get; set; }
    public bool LeaveStdinOpen { get; set; }
    public string? ContainerId { get; set; }
    public string? ContainerUuid { get; set; }
    public string? Name { get; set; }
    public string? RuntimePath { get; set; }
    public string? RestorePath { get; set; }
    public List<string> RuntimeOptions { get; } = [];
    public List<string> RuntimeArguments { get; } = [];
    public bool ExecAttach { get; set; }
    public bool NoNewKeyring { get; set; }
    public bool NoPivot { get; set; }
    public bool ReplaceListenPid { get; set; }
    public string? BundlePath { get; set; }
    public string? PersistPath { get; set; }
    public string? ContainerPidFile { get; set; }
    public string? MonitorPidFile { get; set; }
    public bool SystemdCgroup { get; set; }
    public bool Exec { get; set; }
    public int ApiVersion { get; set; }
    public string? ExecProcessSpec { get; set; }
    public string? ExitDirectory { get; set; }
    public string? ExitCommand { get; set; }
    public List<string> ExitCommandArguments { get; } = [];
    public int ExitDelay { get; set; }
    public List<string> LogPaths { get; } = [];
    public int Timeout { get; set; }
    public long LogSizeMax { get; set; } = -1;
    public long LogGlobalSizeMax { get; set; } = -1;
    public string SocketDirectory { get; set; } = "/var/run/crio";
    public bool Version { get; set; }
    public bool Syslog { get; set; }
    public string? LogLevel { get; set; }
    public string? LogTag { get; set; }
    public bool NoSyncLog { get; set; }
    public string? SdNotifySocket { get; set; }
    public bool Sync { get; set; }
    public bool FullAttach { get; set; }
    public string? SeccompNotifySocket { get; set; }
    public string? SeccompNotifyPlugins { get; set; }
    public bool Help { get; set; }
}
