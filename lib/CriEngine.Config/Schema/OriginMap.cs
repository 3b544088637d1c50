namespace CriEngine.Config.Schema;

/// <summary>
/// Where each key got its value. A key of a runtime handler or workload that no file set
/// answers with where its table was declared; anything else unset is a built-in default.
/// </summary>
internal sealed class OriginMap
{
    private readonly Dictionary<string, ValueOrigin> _origins = new(StringComparer.Ordinal);

    public void Set(KeyPath path, ValueOrigin origin) => _origins[path.Text] = origin;

    public ValueOrigin Of(KeyPath path)
    {
        for (var current = path; current is not null; current = current.Parent)
        {
            if (_origins.TryGetValue(current.Text, out var origin))
                return origin;
        }
        return ValueOrigin.BuiltInDefault;
    }
}
