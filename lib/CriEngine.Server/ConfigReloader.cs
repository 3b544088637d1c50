using CriEngine.Config;
using CriEngine.Images.Registries;
using CriEngine.Server.Logging;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server;

/// <summary>
/// Loads the configuration at start and again on request (SIGHUP). A reload either applies
/// whole or not at all: if any source is invalid the error is logged and the config in force
/// stays. Keys that need a restart keep their running value until then. registries.conf is
/// part of the configuration: it is read with the rest, and an error in it rejects the reload.
/// </summary>
public sealed partial class ConfigReloader(ConfigLoader loader, ConfigSources sources, RegistriesConfigFiles registriesFiles, LogLevelSwitch logLevel, ILogger<ConfigReloader> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly HashSet<string> _namedNotHonoured = [];
    private LiveConfig? _live;

    /// <summary>The first load; its errors are fatal to the caller.</summary>
    /// <exception cref="ConfigException">The configuration is not usable.</exception>
    public async Task<LiveConfig> LoadInitialAsync(CancellationToken cancellationToken)
    {
        var loaded = loader.Load(sources);
        var registries = await LoadRegistriesAsync(loaded.Config, cancellationToken).ConfigureAwait(false);
        Report(loaded);
        logLevel.Minimum = CrioLogLevels.ToLogLevel(loaded.Config.Runtime.LogLevel);
        _live = new LiveConfig(new ConfigSnapshot(loaded.Config, registries));
        return _live;
    }

    /// <summary>Reads every source again and applies what changed. False when nothing could be applied.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        var live = _live ?? throw new InvalidOperationException("reload before the initial load");
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            LogCrio(CrioReloadMessages.Reloading);
            if (sources.MainFile is { } mainFile && !File.Exists(mainFile))
                LogCrio(CrioReloadMessages.SkippingFile(mainFile));
            if (sources.DropInDirectory is { } dropIns && !Directory.Exists(dropIns))
                LogCrio(CrioReloadMessages.SkippingPath(dropIns));
            LoadedConfig loaded;
            RegistriesConfig registries;
            try
            {
                loaded = loader.Load(sources);
                registries = await LoadRegistriesAsync(loaded.Config, cancellationToken).ConfigureAwait(false);
            }
            catch (ConfigException e)
            {
                foreach (var error in e.Errors)
                    LogReloadError(error.ToString());
                LogCrioError(CrioReloadMessages.Failed(string.Join("; ", e.Errors)));
                LogReloadRejected();
                return false;
            }

            var current = live.Current;
            var changes = ConfigChanges.Between(current.Config, loaded.Config);
            foreach (var change in changes)
            {
                if (change.RequiresRestart)
                    LogNeedsRestart(change.Key, change.OldValue ?? "(none)", change.NewValue ?? "(none)");
                else
                    LogChanged(change.Key, change.OldValue ?? "(none)", change.NewValue ?? "(none)");
            }
            if (registries != current.Registries)
                LogRegistriesChanged(registriesFiles.MainFile, registries.Registries.Count, string.Join(", ", registries.UnqualifiedSearchRegistries));
            Report(loaded);
            var applied = ConfigChanges.ApplyLive(current.Config, loaded.Config);
            foreach (var line in CrioReloadMessages.Applying(current.Config, applied, registriesFiles.MainFile))
                LogCrio(line);
            live.Replace(new ConfigSnapshot(applied, registries));
            logLevel.Minimum = CrioLogLevels.ToLogLevel(live.Current.Config.Runtime.LogLevel);
            LogReloaded(changes.Count, string.Join(", ", loaded.Files));
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<RegistriesConfig> LoadRegistriesAsync(CrioConfig config, CancellationToken cancellationToken)
    {
        var registries = await RegistriesConfig.LoadAsync(registriesFiles, config.Image.InsecureRegistries, cancellationToken).ConfigureAwait(false);
        return registries.WithSearchRegistriesFirst(config.Image.Registries).WithShortNameMode(config.Image.ShortNameMode);
    }

    private void Report(LoadedConfig loaded)
    {
        foreach (var warning in loaded.Warnings)
            LogWarning(warning.ToString());
        foreach (var notActedOn in loaded.NotHonoured.Where(issue => _namedNotHonoured.Add(issue.ToString())))
            LogWarning(notActedOn.ToString());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Error}")]
    private partial void LogReloadError(string error);

    /// <summary>A line in CRI-O's own words (see <see cref="CrioReloadMessages"/>).</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private partial void LogCrio(string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Line}")]
    private partial void LogCrioError(string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload rejected: the configuration in force is kept")]
    private partial void LogReloadRejected();

    [LoggerMessage(Level = LogLevel.Information, Message = "config: {Key}: {Old} -> {New}")]
    private partial void LogChanged(string key, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config: {Key}: {Old} -> {New}: not applied until restart")]
    private partial void LogNeedsRestart(string key, string old, string @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "config: registries from {File} and its drop-ins: {Count} [[registry]] tables, unqualified search: [{Search}]")]
    private partial void LogRegistriesChanged(string file, int count, string search);

    [LoggerMessage(Level = LogLevel.Information, Message = "config reloaded: {Count} change(s); read {Files}")]
    private partial void LogReloaded(int count, string files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config: {Warning}")]
    private partial void LogWarning(string warning);
}
