namespace CriEngine.Config.Schema;

/// <summary>
/// Builds the key table of one section record (<typeparamref name="TSection"/>) as settings of
/// its owner, so that each key is one line: name, default, traits, description, accessors, rules.
/// </summary>
internal sealed class SectionSettings<TOwner, TSection>(
    string table,
    Func<TOwner, TSection> section,
    Func<TOwner, TSection, TOwner> withSection)
    where TOwner : class
{
    private readonly string[] _table = table == "" ? [] : table.Split('.');
    private readonly List<Setting<TOwner>> _settings = [];

    public IReadOnlyList<Setting<TOwner>> Settings => _settings;

    public SectionSettings<TOwner, TSection> Text(
        string key, string defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, string> get, Func<TSection, string, TSection> set, params ValueRule<string>[] rules) =>
        Add(key, TextKind.Instance, defaultValue, traits, description, get, set, rules, combine: null);

    public SectionSettings<TOwner, TSection> Integer(
        string key, long defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, long> get, Func<TSection, long, TSection> set, params ValueRule<long>[] rules) =>
        Add(key, IntegerKind.Instance, defaultValue, traits, description, get, set, rules, combine: null);

    public SectionSettings<TOwner, TSection> Boolean(
        string key, bool defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, bool> get, Func<TSection, bool, TSection> set) =>
        Add(key, BooleanKind.Instance, defaultValue, traits, description, get, set, [], combine: null);

    public SectionSettings<TOwner, TSection> TextList(
        string key, ValueList<string> defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, ValueList<string>> get, Func<TSection, ValueList<string>, TSection> set, params ValueRule<ValueList<string>>[] rules) =>
        Add(key, TextListKind.Instance, defaultValue, traits, description, get, set, rules, combine: null);

    /// <summary>
    /// A list that later files add to rather than replace, keeping the last of duplicate
    /// entries: how CRI-O merges <c>storage_option</c> (and only that key).
    /// </summary>
    public SectionSettings<TOwner, TSection> CombinedTextList(
        string key, ValueList<string> defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, ValueList<string>> get, Func<TSection, ValueList<string>, TSection> set) =>
        Add(key, TextListKind.Instance, defaultValue, traits, description, get, set, [],
            combine: (earlier, later) => ValueList<string>.From(earlier.Concat(later).Reverse().Distinct(StringComparer.Ordinal).Reverse()));

    public SectionSettings<TOwner, TSection> TextMap(
        string key, ConfigKeyTraits traits, string description,
        Func<TSection, ValueMap<string>> get, Func<TSection, ValueMap<string>, TSection> set) =>
        Add(key, TextMapKind.Instance, ValueMap<string>.Empty, traits, description, get, set, [], combine: null);

    public SectionSettings<TOwner, TSection> Duration(
        string key, TimeSpan defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, TimeSpan> get, Func<TSection, TimeSpan, TSection> set) =>
        Add(key, DurationKind.Instance, defaultValue, traits, description, get, set, [], combine: null);

    /// <summary>Gives the key added last crio(8)'s flag: its name, environment variable and short forms.</summary>
    public SectionSettings<TOwner, TSection> Flag(string name, string? environmentVariable = null, params string[] aliases)
    {
        _settings[^1].FlagNames = new FlagNames(name, environmentVariable, aliases);
        return this;
    }

    /// <summary>Says why the engine does not act on the key added last, in one short sentence.</summary>
    public SectionSettings<TOwner, TSection> NotActedOn(string reason)
    {
        _settings[^1].NotActedOnReason = reason;
        return this;
    }

    public SectionSettings<TOwner, TSection> NamedTables<TEntry>(
        string key, SchemaTree<TEntry> entries, TEntry blank, ValueMap<TEntry> defaultValue, string description,
        Func<TSection, ValueMap<TEntry>> get, Func<TSection, ValueMap<TEntry>, TSection> set)
        where TEntry : class
    {
        _settings.Add(new NamedTablesSetting<TOwner, TEntry>(
            [.. _table, key], description, entries, blank, defaultValue,
            owner => get(section(owner)),
            (owner, value) => withSection(owner, set(section(owner), value))));
        return this;
    }

    private SectionSettings<TOwner, TSection> Add<T>(
        string key, ValueKind<T> kind, T defaultValue, ConfigKeyTraits traits, string description,
        Func<TSection, T> get, Func<TSection, T, TSection> set, ValueRule<T>[] rules, Func<T, T, T>? combine)
    {
        _settings.Add(new ValueSetting<TOwner, T>(
            [.. _table, key], description, traits, kind, defaultValue,
            owner => get(section(owner)),
            (owner, value) => withSection(owner, set(section(owner), value)),
            rules, combine));
        return this;
    }
}
