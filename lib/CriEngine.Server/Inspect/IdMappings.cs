namespace CriEngine.Server.Inspect;

/// <summary>The user and group id ranges containers get by default, as CRI-O lists them.</summary>
public sealed record IdMappings(IReadOnlyList<IdMap> Uids, IReadOnlyList<IdMap> Gids);
