using CriEngine.Config;

namespace CriEngine.Server;

/// <summary>
/// The configuration in force. A request reads <see cref="Current"/> once and works on that
/// snapshot to its end; a reload swaps in a whole new snapshot, never part of one.
/// </summary>
public sealed class LiveConfig(CrioConfig initial)
{
    private CrioConfig _current = initial;

    public CrioConfig Current => Volatile.Read(ref _current);

    internal void Replace(CrioConfig config) => Volatile.Write(ref _current, config);
}
