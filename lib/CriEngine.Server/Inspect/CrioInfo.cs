namespace CriEngine.Server.Inspect;

/// <summary>What <c>GET /info</c> answers, with CRI-O's field names (<c>pkg/types.CrioInfo</c>).</summary>
public sealed record CrioInfo(string StorageDriver, string StorageImage, string StorageRoot, string CgroupDriver, IdMappings DefaultIdMappings);
