using CriEngine.Config;
using CriEngine.Daemon;
using CriEngine.Images.Registries;
using CriEngine.Server;
using CriEngine.Server.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

return await CommandLine.RunAsync(args);

/// <summary>
/// <c>criengine [flags]</c> runs the daemon; <c>criengine config [--default] [flags]</c> prints the
/// effective (or built-in) configuration as TOML; <c>criengine version</c> prints the version.
/// </summary>
internal static class CommandLine
{
    private const string Usage = """
        usage: criengine [global flags] [command [command flags]] [global flags]

        commands:
          (none)                          run the CRI daemon
          config [--default]              print the effective (or built-in) configuration as crio.conf
          version [--json|-j]             print the version, as crio version does
          status [--socket|-s SOCKET] config|info|containers --id ID
                                          ask the running daemon
          check                           check the configuration and the image store
          wipe [--force|-f]               what crio wipe does (removal itself is not supported yet)

        global flags: every flag of crio(8) (--config/-c FILE, --config-dir/-d DIR, --log-level/-l,
        --root/-r, --cgroup-manager, --conmon-cgroup, ...), each also read from its CONTAINER_*
        environment variable; --cni-plugin-timeout DURATION (default 5m), --cni-cache-dir DIR
        (default /var/lib/cni) and --kubelet-root-dir DIR (default /var/lib/kubelet) are CriEngine's own.
        """;

    private static readonly Dictionary<string, IReadOnlyList<CommandOption>> Commands = new()
    {
        ["config"] = [new CommandOption("default", IsSwitch: true)],
        ["version"] = [new CommandOption("json", IsSwitch: true, "j"), new CommandOption("verbose", IsSwitch: true)],
        ["status"] = [new CommandOption("socket", IsSwitch: false, "s"), new CommandOption("id", IsSwitch: false, "i")],
        ["check"] =
        [
            new CommandOption("age", IsSwitch: false, "a"), new CommandOption("force", IsSwitch: true, "f"),
            new CommandOption("repair", IsSwitch: true, "r"), new CommandOption("quick", IsSwitch: true, "q"),
            new CommandOption("wipe", IsSwitch: true, "w"), new CommandOption("check-layer-state", IsSwitch: true),
            new CommandOption("state-marker", IsSwitch: false), new CommandOption("state-file", IsSwitch: false),
        ],
        ["wipe"] = [new CommandOption("force", IsSwitch: true, "f")],
        ["help"] = [],
        ["h"] = [],
    };

    public static async Task<int> RunAsync(string[] args)
    {
        CommandLineArguments arguments;
        try
        {
            arguments = CommandLineArguments.Parse(args, Environment.GetEnvironmentVariable, Commands);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"criengine: {e.Message}\n\n{Usage}");
            return 2;
        }
        switch (arguments.Command)
        {
            case "help" or "h":
                Console.WriteLine(Usage);
                return 0;
            case "version":
                var version = VersionInfo.Get();
                Console.Write(arguments.Options.ContainsKey("json") ? version.ToJson() : version.ToString());
                return 0;
            case "config":
                return PrintConfig(arguments);
            case "status":
                return await StatusAsync(arguments);
            case "check":
                return CheckCommand.Run(arguments, Console.Out, Console.Error);
            case "wipe":
                return WipeCommand.Run(arguments, Console.Out, Console.Error);
            default:
                return await RunDaemonAsync(arguments.Sources);
        }
    }

    private static async Task<int> StatusAsync(CommandLineArguments arguments)
    {
        if (arguments.Arguments.Count != 1)
        {
            Console.Error.WriteLine("criengine status: name one of config, info or containers --id ID");
            return 2;
        }
        using var client = new StatusClient(arguments.Options.GetValueOrDefault("socket") ?? StatusClient.DefaultSocket);
        return await client.RunAsync(arguments.Arguments[0], arguments.Options.GetValueOrDefault("id"), Console.Out, Console.Error);
    }

    private static int PrintConfig(CommandLineArguments arguments)
    {
        try
        {
            if (arguments.Options.ContainsKey("default"))
            {
                Console.Write(ConfigRenderer.ToToml(ConfigLoader.Defaults));
                return 0;
            }
            var loaded = new ConfigLoader(ToolLocator.FromEnvironment()).Load(arguments.Sources);
            // The warnings the daemon would log, on stderr so that the TOML on stdout stays clean.
            foreach (var warning in loaded.Warnings.Concat(loaded.NotHonoured))
                Console.Error.WriteLine($"criengine: config: {warning}");
            Console.Write(ConfigRenderer.ToToml(loaded.Config));
            return 0;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"criengine: invalid configuration:\n{e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunDaemonAsync(ConfigSources sources)
    {
        var logLevel = new LogLevelSwitch();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging, logLevel);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Services.AddSingleton(logLevel);
        builder.Services.AddSingleton(new ConfigLoader(ToolLocator.FromEnvironment()));
        builder.Services.AddSingleton(sources);
        builder.Services.AddSingleton(RegistriesConfigFiles.FromEnvironment(name => name switch
        {
            RegistriesConfigFiles.MainFileVariable => sources.Flags.RegistriesConf,
            RegistriesConfigFiles.DropInDirectoryVariable => sources.Flags.RegistriesConfDir,
            _ => null,
        }));
        builder.Services.AddSingleton<ConfigReloader>();
        builder.Services.AddSingleton(SdNotify.FromEnvironment());
        builder.Services.AddHostedService<CriDaemon>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("criengine");
        try
        {
            await host.StartAsync();
        }
        catch (ConfigException e)
        {
            logger.LogCritical("invalid configuration: {Errors}", e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or CriEngine.Grpc.RpcException)
        {
            logger.LogCritical("cannot start: {Reason}", e.Message);
            return 1;
        }
        await host.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>One line per event; under systemd in journald's form (priority prefix, no colours).</summary>
    private static void ConfigureLogging(ILoggingBuilder logging, LogLevelSwitch logLevel)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddFilter((_, _, level) => logLevel.IsEnabled(level));
        // The host reports a failed start with a stack trace; the daemon says why in one line instead.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
        {
            logging.AddSystemdConsole(options => options.IncludeScopes = false);
            return;
        }
        // Registered as a plain formatter: AddConsoleFormatter binds options by reflection, which Native AOT cannot keep.
        logging.AddConsole(options => options.FormatterName = LineFormatter.FormatterName);
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, LineFormatter>());
    }
}
