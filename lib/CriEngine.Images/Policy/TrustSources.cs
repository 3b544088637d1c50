namespace CriEngine.Images.Policy;

/// <summary>
/// Which files decide whether a pull is trusted: the signature policy, and the registries.d
/// directory that says where signatures are. Chosen as CRI-O and containers/image choose them:
/// a pod namespace's <c>signature_policy_dir/NAMESPACE.json</c> when it exists, else
/// <c>signature_policy</c>, else <c>$HOME/.config/containers/policy.json</c> when it exists, else
/// <c>/etc/containers/policy.json</c>; registries.d is <c>$HOME/.config/containers/registries.d</c>
/// when it exists, else <c>/etc/containers/registries.d</c>.
/// </summary>
public sealed record TrustSources(string PolicyPath, string RegistriesDirectory)
{
    /// <param name="signaturePolicy"><c>signature_policy</c>; empty for the default.</param>
    /// <param name="signaturePolicyDirectory"><c>signature_policy_dir</c>.</param>
    /// <param name="podNamespace">The namespace of the pod the pull is for (the request's sandbox config), or null.</param>
    /// <param name="home">The daemon's home directory (<c>$HOME</c>), or null.</param>
    public static TrustSources Choose(string signaturePolicy, string signaturePolicyDirectory, string? podNamespace, string? home)
    {
        var policy = signaturePolicy.Length > 0 ? signaturePolicy : UserFile(home, "policy.json") ?? SignaturePolicy.SystemPath;
        if (!string.IsNullOrEmpty(podNamespace) && signaturePolicyDirectory.Length > 0)
        {
            var namespaced = Path.Combine(signaturePolicyDirectory, podNamespace + ".json");
            if (File.Exists(namespaced))
                policy = namespaced;
        }
        return new TrustSources(policy, UserFile(home, "registries.d") is { } user && Directory.Exists(user) ? user : SignatureStorage.SystemDirectory);
    }

    private static string? UserFile(string? home, string name)
    {
        if (string.IsNullOrEmpty(home))
            return null;
        var path = Path.Combine(home, ".config", "containers", name);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }
}
