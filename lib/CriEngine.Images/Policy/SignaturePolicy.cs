using CriEngine.Images.References;

namespace CriEngine.Images.Policy;

/// <summary>
/// A signature verification policy (containers-policy.json(5)): the <c>default</c>
/// requirements, and those of <c>transports.docker</c> scopes. For an image the most specific
/// scope wins (<see cref="PolicyScopes"/>), then the transport's <c>""</c> scope, then
/// <c>default</c>. Other transports are read and unused: the engine pulls from registries only.
/// </summary>
/// <param name="Path">The file it was read from, for messages.</param>
public sealed record SignaturePolicy(string Path, IReadOnlyList<PolicyRequirement> Default, IReadOnlyDictionary<string, IReadOnlyList<PolicyRequirement>> DockerScopes)
{
    /// <summary>Where containers/image reads the policy when none is named.</summary>
    public const string SystemPath = "/etc/containers/policy.json";

    public PolicyScope ScopeFor(ImageReference reference)
    {
        foreach (var scope in PolicyScopes.Of(reference).Append(""))
        {
            if (DockerScopes.TryGetValue(scope, out var requirements))
                return new PolicyScope($"transports.docker[\"{scope}\"]", requirements);
        }
        return new PolicyScope("default", Default);
    }

    /// <summary>Reads and checks a policy file.</summary>
    /// <exception cref="FormatException">The file is no valid policy; the message names the file and the field.</exception>
    /// <exception cref="IOException">The file cannot be read (a missing one included).</exception>
    public static async Task<SignaturePolicy> LoadAsync(string path, CancellationToken cancellationToken) =>
        SignaturePolicyParser.Parse(path, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
}
