using CriEngine.Grpc;

namespace CriEngine.Oci.Cdi;

/// <summary>The CDI devices a node offers, by qualified name, each with the edits of its specification and its own.</summary>
public sealed class CdiDevices
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<CdiContainerEdits>> _edits;

    internal CdiDevices(IReadOnlyDictionary<string, IReadOnlyList<CdiContainerEdits>> edits) => _edits = edits;

    public static CdiDevices None { get; } = new(new Dictionary<string, IReadOnlyList<CdiContainerEdits>>());

    public IEnumerable<string> Names => _edits.Keys;

    /// <summary>The edits of the devices asked for, in order: a spec's common edits once, before its first device's.</summary>
    internal IReadOnlyList<CdiContainerEdits> Resolve(IReadOnlyList<string> names, string subject)
    {
        var malformed = names.Where(name => !CdiNames.IsQualified(name)).ToList();
        if (malformed.Count > 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: CDI device names {string.Join(", ", malformed)} are not of the form vendor.com/class=name");
        var unknown = names.Where(name => !_edits.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
            throw new RpcException(StatusCode.InvalidArgument, $"{subject}: unresolvable CDI devices {string.Join(", ", unknown)}");
        var edits = new List<CdiContainerEdits>();
        foreach (var name in names)
        {
            foreach (var edit in _edits[name])
            {
                if (!edits.Contains(edit))
                    edits.Add(edit);
            }
        }
        return edits;
    }
}
