namespace CriEngine.Images.Layers;

/// <summary>
/// A tar entry's name as a path inside the layer root: components joined by '/', no '.', no
/// '..', no leading '/'; empty for the root itself. Names are normalised lexically, so nothing
/// on disk is consulted and a '..' can never climb through a symbolic link.
/// </summary>
internal readonly record struct EntryPath
{
    private EntryPath(string relative) => Relative = relative;

    public static EntryPath Root => new(string.Empty);

    public string Relative { get; }

    public bool IsRoot => Relative.Length == 0;

    /// <summary>The last component; empty for the root.</summary>
    public string Name => Relative[(Relative.LastIndexOf('/') + 1)..];

    public EntryPath Parent => new(Relative.LastIndexOf('/') is var slash and >= 0 ? Relative[..slash] : string.Empty);

    /// <summary>The directories that lead to this path, outermost first, the root left out.</summary>
    public IEnumerable<EntryPath> Ancestors
    {
        get
        {
            for (var slash = Relative.IndexOf('/'); slash >= 0; slash = Relative.IndexOf('/', slash + 1))
                yield return new EntryPath(Relative[..slash]);
        }
    }

    public EntryPath Child(string name) => new(IsRoot ? name : $"{Relative}/{name}");

    /// <summary>True when <paramref name="other"/> is this path or lies under it.</summary>
    public bool Contains(EntryPath other) =>
        IsRoot || (other.Relative.StartsWith(Relative, StringComparison.Ordinal)
            && (other.Relative.Length == Relative.Length || other.Relative[Relative.Length] == '/'));

    /// <summary>
    /// Normalises a name from a tar header. Refused, with the reason: empty names, NUL
    /// characters, absolute names (a leading '/' is not silently dropped) and '..' that climbs
    /// above the root. A leading "./" is fine.
    /// </summary>
    public static bool TryParse(string name, out EntryPath path, out string reason)
    {
        path = Root;
        reason = string.Empty;
        if (name.Length == 0)
            reason = "the name is empty";
        else if (name.Contains('\0'))
            reason = "the name holds a NUL character";
        else if (name[0] == '/')
            reason = "the name is absolute";
        if (reason.Length > 0)
            return false;

        var components = new List<string>();
        foreach (var component in name.Split('/'))
        {
            if (component is "" or ".")
                continue;
            if (component != "..")
                components.Add(component);
            else if (components.Count > 0)
                components.RemoveAt(components.Count - 1);
            else
            {
                reason = "the name leads out of the layer root";
                return false;
            }
        }
        path = new EntryPath(string.Join('/', components));
        return true;
    }

    public override string ToString() => Relative;
}
