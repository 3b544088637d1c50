namespace CriEngine.TestSupport;

/// <summary>The files and directories of a test daemon, all under its temporary directory.</summary>
public sealed class DaemonLayout(TempDirectory directory)
{
    /// <summary>
    /// The registries.conf test daemons start with: public registries blocked, so that no test
    /// ever reaches past loopback (a pull of a captured crictl request names docker.io).
    /// </summary>
    public const string OfflineRegistries = """
        # Test daemons pull only from registries on 127.0.0.1.
        unqualified-search-registries = []

        [[registry]]
        prefix = "docker.io"
        blocked = true

        [[registry]]
        prefix = "registry.k8s.io"
        blocked = true

        [[registry]]
        prefix = "quay.io"
        blocked = true

        [[registry]]
        prefix = "gcr.io"
        blocked = true

        [[registry]]
        prefix = "ghcr.io"
        blocked = true
        """;

    public string MainConfig { get; } = directory.Combine("crio.conf");

    public string DropInDirectory { get; } = directory.Combine("crio.conf.d");

    public string NetworkDirectory { get; } = directory.Combine("net.d");

    public string Socket { get; } = directory.Combine("run", "crio", "crio.sock");

    /// <summary>registries.conf for the daemon, given through <c>CONTAINER_REGISTRIES_CONF</c>: the host's is never read.</summary>
    public string RegistriesConf { get; } = directory.Combine("registries.conf");

    public string RegistriesDropInDirectory { get; } = directory.Combine("registries.conf.d");

    public string Root { get; } = directory.Combine("root");

    public string RunRoot { get; } = directory.Combine("runroot");

    public string Exits { get; } = directory.Combine("run", "exits");

    public string AttachSockets { get; } = directory.Combine("run", "attach");

    public string Namespaces { get; } = directory.Combine("run", "ns");

    /// <summary>libcni's cache directory of the daemon (<c>--cni-cache-dir</c>): the host's /var/lib/cni is never written.</summary>
    public string CniCache { get; } = directory.Combine("cni-cache");

    /// <summary>Where logs go of pods that name no log directory (<c>log_dir</c>).</summary>
    public string PodLogs { get; } = directory.Combine("log", "pods");

    /// <summary>The signature policy test daemons start with (<c>signature_policy</c>): every image accepted, the host's policy never read.</summary>
    public string SignaturePolicy { get; } = directory.Combine("policy.json");

    public const string AcceptAnythingPolicy = """{"default": [{"type": "insecureAcceptAnything"}]}""";

    /// <summary>The per-namespace signature policies (<c>signature_policy_dir</c>), NAMESPACE.json each.</summary>
    public string SignaturePolicyDirectory { get; } = directory.Combine("policies");

    /// <summary>The shared directories crio.conf names, moved under the test's directory: a test daemon writes nothing outside it.</summary>
    public string TestDirectories => $"""
        [crio.runtime]
        container_exits_dir = "{Exits}"
        container_attach_socket_dir = "{AttachSockets}"
        namespaces_dir = "{Namespaces}"

        [crio.image]
        signature_policy = "{SignaturePolicy}"
        signature_policy_dir = "{SignaturePolicyDirectory}"
        """;

    public IReadOnlyList<string> Arguments =>
    [
        "--config", MainConfig,
        "--config-dir", DropInDirectory,
        "--listen", Socket,
        "--root", Root,
        "--runroot", RunRoot,
        "--cni-config-dir", NetworkDirectory,
        "--log-dir", PodLogs,
        "--cni-cache-dir", CniCache,
    ];

    public string DropIn(string name) => Path.Combine(DropInDirectory, name);
}
