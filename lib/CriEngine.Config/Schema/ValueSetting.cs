using System.Text.Json;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>A key holding one value of type <typeparamref name="T"/>.</summary>
internal sealed class ValueSetting<TOwner, T>(
    IReadOnlyList<string> segments,
    string description,
    ConfigKeyTraits traits,
    ValueKind<T> kind,
    T defaultValue,
    Func<TOwner, T> get,
    Func<TOwner, T, TOwner> set,
    IReadOnlyList<ValueRule<T>> rules,
    Func<T, T, T>? combine) : Setting<TOwner>(segments, description)
    where TOwner : class
{
    public override bool Honoured => traits.HasFlag(ConfigKeyTraits.Honoured);

    public bool Live => traits.HasFlag(ConfigKeyTraits.Live);

    public override bool IsNamedTables => false;

    public override CommandLineFlag? Flag => FlagNames is { } names
        ? new CommandLineFlag(names, string.Join('.', Segments), Honoured ? null : NotActedOnReason, kind.IsSwitch, kind.IsList, kind.FlagExpected, kind.FromFlag)
        : null;

    public override TOwner ApplyDefault(TOwner owner) => set(owner, defaultValue);

    public override TOwner Bind(TOwner owner, TomlValue value, KeyPath path, BindContext context)
    {
        if (!kind.TryRead(value, out var read, out var reason))
        {
            if (traits.HasFlag(ConfigKeyTraits.RemovedFromCrio))
                context.Ignored(path, value, $"{reason}; CRI-O no longer reads this key, so the value is ignored");
            else
                context.Error(path, value, reason);
            return owner;
        }
        context.Record(path, value, Honoured ? null : NotActedOnReason);
        return set(owner, combine is null ? read : combine(get(owner), read));
    }

    public override IEnumerable<ConfigIssue> Check(TOwner owner, KeyPath path, OriginMap origins)
    {
        var value = get(owner);
        foreach (var rule in rules)
        {
            if (rule(value) is { } reason)
                yield return new ConfigIssue(origins.Of(path), path.Text, kind.Format(value), reason);
        }
    }

    public override void Render(TOwner owner, TOwner baseline, KeyPath path, ConfigTextWriter writer)
    {
        writer.Comment(Description);
        if (!Honoured)
            writer.Comment($"Not acted on by CriEngine: {NotActedOnReason}");
        var value = get(owner);
        writer.KeyValue(Segments[^1], kind.ToToml(value), commented: EqualityComparer<T>.Default.Equals(value, get(baseline)));
    }

    public override void WriteJson(TOwner owner, Utf8JsonWriter writer) => kind.WriteJson(writer, get(owner));

    public override TOwner KeepRunningValueIfRestartOnly(TOwner loaded, TOwner running) => Live ? loaded : set(loaded, get(running));

    public override void CollectChanges(TOwner? old, TOwner? @new, KeyPath path, List<ConfigChange> changes)
    {
        if (old is not null && @new is not null && EqualityComparer<T>.Default.Equals(get(old), get(@new)))
            return;
        changes.Add(new ConfigChange(
            path.Text,
            old is null ? null : kind.Format(get(old)),
            @new is null ? null : kind.Format(get(@new)),
            RequiresRestart: !Live));
    }
}
