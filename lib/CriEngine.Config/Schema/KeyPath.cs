using System.Collections.Immutable;
using CriEngine.Config.Toml;

namespace CriEngine.Config.Schema;

/// <summary>
/// A dotted TOML key path such as <c>crio.runtime.runtimes.crun.runtime_path</c>. Segments are
/// kept apart, so a quoted key holding a dot is never confused with two keys; the text quotes
/// such segments as TOML would.
/// </summary>
internal sealed class KeyPath
{
    private KeyPath(ImmutableArray<string> segments, string text, KeyPath? parent)
    {
        Segments = segments;
        Text = text;
        Parent = parent;
    }

    public static KeyPath Root { get; } = new([], "", null);

    public ImmutableArray<string> Segments { get; }

    public string Text { get; }

    public KeyPath? Parent { get; }

    public KeyPath Child(string segment)
    {
        var formatted = TomlFormat.Key(segment);
        return new KeyPath(Segments.Add(segment), Text == "" ? formatted : Text + "." + formatted, this);
    }

    public static KeyPath Of(params IEnumerable<string> segments) => Root.Append(segments);

    public KeyPath Append(IEnumerable<string> segments) => segments.Aggregate(this, (path, segment) => path.Child(segment));

    public override string ToString() => Text;
}
