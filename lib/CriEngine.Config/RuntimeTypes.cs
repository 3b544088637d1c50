namespace CriEngine.Config;

/// <summary>The values of a runtime handler's <c>runtime_type</c>.</summary>
public static class RuntimeTypes
{
    /// <summary>An OCI runtime (runc, crun) under a conmon-style monitor.</summary>
    public const string Oci = "oci";

    /// <summary>A VM runtime driven through a containerd shim v2 (Kata).</summary>
    public const string Vm = "vm";

    /// <summary>A runtime under a pod-level monitor (conmon-rs).</summary>
    public const string Pod = "pod";
}
