using System.Reflection;
using CriEngine.Config.Schema;

namespace CriEngine.Config.Tests.Keys;

/// <summary>
/// Which property of the config records each key binds to, found by changing one property at a
/// time from the defaults and asking <see cref="ConfigChanges"/> which key differs.
/// </summary>
internal static class KeyProperties
{
    /// <summary>Key path (generic, see <see cref="SchemaKey.Generic"/>) to the properties that hold it.</summary>
    public static ILookup<string, PropertyInfo> Find()
    {
        var baseline = ConfigSchema.Defaults with
        {
            Runtime = ConfigSchema.Defaults.Runtime with { Workloads = ValueMap<WorkloadSection>.Empty.SetItem("probe", WorkloadKeys.Blank) },
        };
        return Variants(baseline)
            .SelectMany(variant => ConfigChanges.Between(baseline, (CrioConfig)variant.Changed).Select(change => (Key: SchemaKey.Generic(change.Key), variant.Property)))
            .ToLookup(pair => pair.Key, pair => pair.Property);
    }

    /// <summary>Each settable property of <paramref name="record"/> and of the records and named tables under it, with a copy where only it differs.</summary>
    private static IEnumerable<(PropertyInfo Property, object Changed)> Variants(object record)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is not null))
        {
            var value = property.GetValue(record)!;
            if (IsRecord(property.PropertyType))
            {
                foreach (var (inner, changed) in Variants(value))
                    yield return (inner, With(record, property, changed));
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(ValueMap<>)
                && IsRecord(property.PropertyType.GetGenericArguments()[0]))
            {
                var setItem = property.PropertyType.GetMethod("SetItem")!;
                foreach (var name in ((IEnumerable<string>)property.PropertyType.GetProperty("Keys")!.GetValue(value)!).ToList())
                {
                    var entry = property.PropertyType.GetProperty("Item")!.GetValue(value, [name])!;
                    foreach (var (inner, changed) in Variants(entry))
                        yield return (inner, With(record, property, setItem.Invoke(value, [name, changed])));
                }
            }
            else if (Other(value) is { } other)
            {
                yield return (property, With(record, property, other));
            }
        }
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    private static object With(object record, PropertyInfo property, object? value)
    {
        var copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(copy, value);
        return copy;
    }

    private static object? Other(object value) => value switch
    {
        string text => text + "probe",
        long number => number + 12345,
        bool flag => !flag,
        TimeSpan time => time + TimeSpan.FromSeconds(17),
        ValueList<string> list => ValueList<string>.From([.. list, "probe"]),
        ValueMap<string> map => map.SetItem("probe", "probe"),
        _ => null,
    };
}
