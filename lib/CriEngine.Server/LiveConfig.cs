namespace CriEngine.Server;

/// <summary>
/// The configuration in force. A request reads <see cref="Current"/> once and works on that
/// snapshot to its end; a reload swaps in a whole new snapshot, never part of one.
/// </summary>
public sealed class LiveConfig(ConfigSnapshot initial)
{
    private ConfigSnapshot _current = initial;

    public ConfigSnapshot Current => Volatile.Read(ref _current);

    internal void Replace(ConfigSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
