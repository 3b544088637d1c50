namespace CriEngine.Config;

/// <summary>
/// One key whose value differs between two configs. Values are TOML-formatted; a value is
/// null where the key does not exist on that side (a runtime handler added or removed).
/// </summary>
public sealed record ConfigChange(string Key, string? OldValue, string? NewValue, bool RequiresRestart);
