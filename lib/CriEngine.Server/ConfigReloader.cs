using CriEngine.Config;
using CriEngine.Server.Logging;
using Microsoft.Extensions.Logging;

namespace CriEngine.Server;

/// <summary>
/// Loads the configuration at start and again on request (SIGHUP). A reload either applies
/// whole or not at all: if any source is invalid the error is logged and the config in force
/// stays. Keys that need a restart keep their running value until then.
/// </summary>
public sealed partial class ConfigReloader(ConfigLoader loader, ConfigSources sources, LogLevelSwitch logLevel, ILogger<ConfigReloader> logger)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _namedNotHonoured = [];
    private LiveConfig? _live;

    /// <summary>The first load; its errors are fatal to the caller.</summary>
    /// <exception cref="ConfigException">The configuration is not usable.</exception>
    public LiveConfig LoadInitial()
    {
        var loaded = loader.Load(sources);
        Report(loaded);
        logLevel.Minimum = CrioLogLevels.ToLogLevel(loaded.Config.Runtime.LogLevel);
        _live = new LiveConfig(loaded.Config);
        return _live;
    }

    /// <summary>Reads every source again and applies what changed. False when nothing could be applied.</summary>
    public bool Reload()
    {
        var live = _live ?? throw new InvalidOperationException("reload before the initial load");
        lock (_lock)
        {
            LoadedConfig loaded;
            try
            {
                loaded = loader.Load(sources);
            }
            catch (ConfigException e)
            {
                foreach (var error in e.Errors)
                    LogReloadError(error.ToString());
                LogReloadRejected();
                return false;
            }

            var current = live.Current;
            var changes = ConfigChanges.Between(current, loaded.Config);
            foreach (var change in changes)
            {
                if (change.RequiresRestart)
                    LogNeedsRestart(change.Key, change.OldValue ?? "(none)", change.NewValue ?? "(none)");
                else
                    LogChanged(change.Key, change.OldValue ?? "(none)", change.NewValue ?? "(none)");
            }
            Report(loaded);
            live.Replace(ConfigChanges.ApplyLive(current, loaded.Config));
            logLevel.Minimum = CrioLogLevels.ToLogLevel(live.Current.Runtime.LogLevel);
            LogReloaded(changes.Count, string.Join(", ", loaded.Files));
            return true;
        }
    }

    private void Report(LoadedConfig loaded)
    {
        foreach (var warning in loaded.Warnings)
            LogWarning(warning.ToString());
        var fresh = loaded.NotHonoured.Where(key => _namedNotHonoured.Add(key.Key)).ToList();
        if (fresh.Count > 0)
            LogNotHonoured(string.Join("; ", fresh));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Error}")]
    private partial void LogReloadError(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload rejected: the configuration in force is kept")]
    private partial void LogReloadRejected();

    [LoggerMessage(Level = LogLevel.Information, Message = "config: {Key}: {Old} -> {New}")]
    private partial void LogChanged(string key, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config: {Key}: {Old} -> {New}: not applied until restart")]
    private partial void LogNeedsRestart(string key, string old, string @new);

    [LoggerMessage(Level = LogLevel.Information, Message = "config reloaded: {Count} change(s); read {Files}")]
    private partial void LogReloaded(int count, string files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config: {Warning}")]
    private partial void LogWarning(string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config keys accepted but not acted on by this version of criengine: {Keys}")]
    private partial void LogNotHonoured(string keys);
}
