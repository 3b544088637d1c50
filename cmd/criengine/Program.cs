using CriEngine.Config;
using CriEngine.Daemon;
using CriEngine.Images.Registries;
using CriEngine.Server;
using CriEngine.Server.Logging;
using Microsoft.Extensions.DependencyInjection;
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
        usage: criengine [flags]                  run the CRI daemon
               criengine config [--default] [flags]  print the effective configuration as TOML
               criengine version                 print the version

        flags: --config FILE, --config-dir DIR, --listen, --root, --runroot, --log-level,
               --log-dir, --cgroup-manager, --conmon, --conmon-cgroup, --default-runtime,
               --pause-image, --pause-command, --cni-config-dir, --cni-plugin-dir,
               --stream-address, --stream-port, --enable-metrics, --metrics-port,
               --cni-plugin-timeout DURATION (CriEngine's own; default 5m)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "-h" or "--help" or "help":
                Console.WriteLine(Usage);
                return 0;
            case "version" or "--version":
                Console.WriteLine($"{EngineInfo.RuntimeName} version {EngineInfo.Version}");
                Console.WriteLine($"CRI API {EngineInfo.RuntimeApiVersion}");
                return 0;
            case "config":
                return PrintConfig(args[1..]);
            default:
                return await RunDaemonAsync(args);
        }
    }

    private static int PrintConfig(string[] args)
    {
        var defaults = args.Contains("--default");
        try
        {
            var sources = ConfigFlags.Parse(args.Where(a => a != "--default").ToList());
            var loader = new ConfigLoader(ToolLocator.FromEnvironment());
            var config = defaults ? ConfigLoader.Defaults : loader.Load(sources).Config;
            Console.Write(ConfigRenderer.ToToml(config));
            return 0;
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"criengine: invalid configuration:\n{e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunDaemonAsync(string[] args)
    {
        ConfigSources sources;
        try
        {
            sources = ConfigFlags.Parse(args);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"criengine: {e.Message}\n\n{Usage}");
            return 2;
        }

        var logLevel = new LogLevelSwitch();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        ConfigureLogging(builder.Logging, logLevel);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Services.AddSingleton(logLevel);
        builder.Services.AddSingleton(new ConfigLoader(ToolLocator.FromEnvironment()));
        builder.Services.AddSingleton(sources);
        builder.Services.AddSingleton(RegistriesConfigFiles.FromEnvironment(Environment.GetEnvironmentVariable));
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
        logging.AddConsole(options => options.FormatterName = LineFormatter.FormatterName)
            .AddConsoleFormatter<LineFormatter, ConsoleFormatterOptions>();
    }
}
