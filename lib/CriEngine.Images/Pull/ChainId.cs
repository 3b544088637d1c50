using System.Security.Cryptography;
using System.Text;
using CriEngine.Images.References;

namespace CriEngine.Images.Pull;

/// <summary>
/// Layer chain IDs (OCI image spec, "Layer ChainID"): the first is the first diff ID, each
/// next one the digest of "parent-chain-id diff-id". A layer is unpacked once per chain ID.
/// </summary>
internal static class ChainId
{
    public static IReadOnlyList<string> For(IReadOnlyList<Digest> diffIds)
    {
        var chain = new List<string>(diffIds.Count);
        string? parent = null;
        foreach (var diffId in diffIds)
        {
            parent = parent is null
                ? diffId.ToString()
                : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes($"{parent} {diffId}")));
            chain.Add(parent);
        }
        return chain.Select(id => id[(id.IndexOf(':') + 1)..]).ToList();
    }
}
