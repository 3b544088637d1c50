namespace CriEngine.Images.Policy;

/// <summary>
/// Where a signing requirement's trusted public keys are: files (<c>keyPath</c>, <c>keyPaths</c>)
/// read when an image is checked, or key material inline (<c>keyData</c>, <c>keyDatas</c>).
/// </summary>
public sealed record PolicyKeys(IReadOnlyList<string> Paths, IReadOnlyList<byte[]> Data)
{
    /// <summary>Each key source's bytes with a name for messages; a file that cannot be read fails the check.</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Content)>> ReadAsync(CancellationToken cancellationToken)
    {
        var keys = new List<(string, byte[])>();
        foreach (var path in Paths)
            keys.Add((path, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false)));
        keys.AddRange(Data.Select((data, i) => ($"keyData[{i}]", data)));
        return keys;
    }
}
