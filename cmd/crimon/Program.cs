using System.Text;
using CriEngine.Crimon.Logging;
using CriEngine.Crimon.Monitor;
using CriEngine.Crimon.Native;
using CriEngine.Crimon.Options;

namespace CriEngine.Crimon;

/// <summary>
/// crimon: a drop-in for conmon as CRI-O runs it (same flags, pipes, files and sockets).
/// It prints conmon's version line with the conmon release whose interface it follows, as CRI-O
/// reads the third word of <c>conmon --version</c>.
/// </summary>
internal static class Program
{
    public const string CompatibleConmonVersion = "2.1.6";

    public static int Main(string[] args)
    {
        MonitorOptions options;
        try
        {
            options = OptionParser.Parse(args);
        }
        catch (OptionParseException e)
        {
            Print(1, $"crimon: option parsing failed: {e.Message}\n");
            return 1;
        }
        if (options.Help)
        {
            Print(1, OptionParser.Help("crimon"));
            return 0;
        }
        if (options.Version)
        {
            Print(1, $"crimon version {CompatibleConmonVersion}\ncommit: criengine {typeof(Program).Assembly.GetName().Version}\n");
            return 0;
        }
        if (options.ContainerId is null)
        {
            Print(2, "crimon: Container ID not provided. Use --cid\n");
            return 1;
        }
        MonitorLog? log = null;
        try
        {
            log = new MonitorLog(options.LogLevel, options.Syslog, options.ContainerId);
            Validate(options);
            LogDrivers drivers;
            try
            {
                drivers = LogDrivers.Parse(options.LogPaths);
            }
            catch (InvalidOperationException e)
            {
                throw new MonitorExitException(e.Message);
            }
            if (drivers.Journald)
                throw new MonitorExitException("Include journald in compilation path to log to systemd journal");
            return new Supervisor(options, drivers, log).Run();
        }
        catch (MonitorExitException e)
        {
            if (log is null)
                Print(2, $"[crimon:e] {e.Message}\n");
            else
                log.Error(e.Message);
            return e.ExitCode;
        }
    }

    /// <summary>conmon's checks of its command line, in its order and words.</summary>
    internal static void Validate(MonitorOptions options)
    {
        if (options.RestorePath is not null && options.Exec)
            throw new MonitorExitException("Cannot use 'exec' and 'restore' at the same time");
        if (!options.Exec && options.ExecAttach)
            throw new MonitorExitException("Attach can only be specified with exec");
        if (options.ApiVersion < 1 && options.ExecAttach)
            throw new MonitorExitException("Attach can only be specified for a non-legacy exec session");
        if (options.ContainerUuid is null && (!options.Exec || options.ApiVersion >= 1))
            throw new MonitorExitException("Container UUID not provided. Use --cuuid");
        if (options.RuntimePath is null)
            throw new MonitorExitException("Runtime path not provided. Use --runtime");
        if (Libc.Access(options.RuntimePath, Constants.ExecutableOk) != 0)
            throw new MonitorExitException($"Runtime path {options.RuntimePath} is not valid: {Errors.Describe(Libc.Errno)}");
        if (options.Exec && options.ExecProcessSpec is null)
            throw new MonitorExitException("Exec process spec path not provided. Use --exec-process-spec");
        if (options.SeccompNotifySocket is not null)
            throw new MonitorExitException("seccomp notify support not present");
        if (options.SdNotifySocket is not null)
            throw new MonitorExitException("sd-notify relaying (--sdnotify-socket) is not supported by crimon");
    }

    private static void Print(int fd, string text) => Descriptors.WriteAll(fd, Encoding.UTF8.GetBytes(text));
}
