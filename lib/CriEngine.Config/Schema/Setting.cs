using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// One entry of the key table: a key of <typeparamref name="TOwner"/> (the whole config, or a
/// runtime handler or workload) at a path relative to it. Everything done per key (defaults,
/// binding, checks, TOML and JSON output, change lists) goes through here, so a key is
/// described once.
/// </summary>
internal abstract class Setting<TOwner>(IReadOnlyList<string> segments, string description)
    where TOwner : class
{
    /// <summary>The key's path relative to its owner, e.g. ["crio", "api", "listen"] or ["resources", "cpuset"].</summary>
    public IReadOnlyList<string> Segments { get; } = segments;

    public string Description { get; } = description;

    /// <summary>crio(8)'s flag for this key, if it has one; set once while the key table is built.</summary>
    public FlagNames? FlagNames { get; set; }

    /// <summary>
    /// Why the engine does not act on this key, or null when it does; set once while the key
    /// table is built. A test checks it against the code that reads the key.
    /// </summary>
    public string? NotActedOnReason { get; set; }

    /// <summary>The flag that sets this key, or null when crio(8) has none.</summary>
    public virtual CommandLineFlag? Flag => null;

    /// <summary>Whether the engine acts on the key (<see cref="ConfigKeyTraits.Honoured"/>).</summary>
    public abstract bool Honoured { get; }

    /// <summary>A table of named tables (runtime handlers, workloads) rather than one value.</summary>
    public abstract bool IsNamedTables { get; }

    public abstract TOwner ApplyDefault(TOwner owner);

    /// <summary>Applies a value from a TOML document; a value of the wrong type is reported to <paramref name="context"/> and leaves the owner as it was.</summary>
    public abstract TOwner Bind(TOwner owner, TomlValue value, KeyPath path, BindContext context);

    public abstract IEnumerable<ConfigIssue> Check(TOwner owner, KeyPath path, OriginMap origins);

    /// <summary>
    /// Writes the key as <c>crio config</c> does: commented out when its value is that of
    /// <paramref name="baseline"/> (what loading no value gives), plainly when it differs.
    /// </summary>
    public abstract void Render(TOwner owner, TOwner baseline, KeyPath path, ConfigTextWriter writer);

    public abstract void WriteJson(TOwner owner, Utf8JsonWriter writer);

    /// <summary>
    /// <paramref name="loaded"/> with this key's value taken from <paramref name="running"/> when
    /// a change to the key only takes effect at the next start.
    /// </summary>
    public abstract TOwner KeepRunningValueIfRestartOnly(TOwner loaded, TOwner running);

    /// <summary>Adds a change for every key that differs; a null side means the owner does not exist there.</summary>
    public abstract void CollectChanges(TOwner? old, TOwner? @new, KeyPath path, List<ConfigChange> changes);
}
