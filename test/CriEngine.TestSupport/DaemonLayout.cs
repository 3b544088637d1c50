namespace CriEngine.TestSupport;

/// <summary>The files and directories of a test daemon, all under its temporary directory.</summary>
public sealed class DaemonLayout(TempDirectory directory)
{
    public string MainConfig { get; } = directory.Combine("crio.conf");

    public string DropInDirectory { get; } = directory.Combine("crio.conf.d");

    public string NetworkDirectory { get; } = directory.Combine("net.d");

    public string Socket { get; } = directory.Combine("run", "crio", "crio.sock");

    public string Root { get; } = directory.Combine("root");

    public string RunRoot { get; } = directory.Combine("runroot");

    public IReadOnlyList<string> Arguments =>
    [
        "--config", MainConfig,
        "--config-dir", DropInDirectory,
        "--listen", Socket,
        "--root", Root,
        "--runroot", RunRoot,
        "--cni-config-dir", NetworkDirectory,
    ];

    public string DropIn(string name) => Path.Combine(DropInDirectory, name);
}
