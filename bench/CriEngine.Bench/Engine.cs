namespace CriEngine.Bench;

/// <summary>How the benchmarks start criengine: built-in defaults, state in a directory of the run's own.</summary>
internal sealed class Engine(string binary, string work)
{
    public Task<ServerProcess> StartAsync(string name)
    {
        var directory = Path.Combine(work, name);
        var registries = Path.Combine(directory, "registries.conf");
        Directory.CreateDirectory(directory);
        File.WriteAllText(registries, "");
        var socket = Path.Combine(directory, "crio.sock");
        return ServerProcess.StartAsync(
            socket,
            new Dictionary<string, string> { ["CONTAINER_REGISTRIES_CONF"] = registries, ["CONTAINER_REGISTRIES_CONF_DIR"] = Path.Combine(directory, "registries.conf.d") },
            binary,
            "--config", "", "--config-dir", "", "--listen", socket,
            "--root", Path.Combine(directory, "root"), "--runroot", Path.Combine(directory, "runroot"),
            "--cni-config-dir", Path.Combine(directory, "net.d"));
    }
}
