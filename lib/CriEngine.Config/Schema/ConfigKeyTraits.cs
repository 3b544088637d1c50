namespace CriEngine.Config.Schema;

/// <summary>What the engine does with a key, beyond accepting it.</summary>
[Flags]
internal enum ConfigKeyTraits
{
    /// <summary>Accepted for compatibility with CRI-O, not acted on (the key says why); a change needs a restart.</summary>
    None = 0,

    /// <summary>
    /// The engine acts on the key. Flip this (and drop the key's NotActedOn reason) when a
    /// feature starts using a key; a test fails while the mark and the code disagree.
    /// </summary>
    Honoured = 1,

    /// <summary>A change applies on reload (SIGHUP) without a restart.</summary>
    Live = 2,

    /// <summary>
    /// CRI-O no longer reads the key and so ignores it whatever its value; a value of another
    /// type is ignored with a warning instead of failing the load.
    /// </summary>
    RemovedFromCrio = 4,
}
