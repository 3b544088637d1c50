namespace CriEngine.Network.Cni;

/// <summary>
/// Finds the CNI network pods use, as CRI-O does: the files of <c>network_dir</c> with the
/// extensions .conf, .conflist and .json, in lexical order; the one named
/// <c>cni_default_network</c> when that is set, else the first valid one. A file that does not
/// parse, or lacks a name or a plugin type, is skipped and named in the message.
/// </summary>
public static class CniConfigDirectory
{
    private static readonly string[] Extensions = [".conf", ".conflist", ".json"];

    public static CniNetworkStatus Scan(string networkDir, string defaultNetwork)
    {
        string[] files;
        try
        {
            files = Directory.Exists(networkDir)
                ? Directory.GetFiles(networkDir).Where(f => Extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToArray()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return NotReady($"cannot read CNI config directory {networkDir}: {e.Message}");
        }

        var problems = new List<string>();
        foreach (var file in files)
        {
            var network = Read(file, out var problem);
            if (network is null)
            {
                problems.Add($"{Path.GetFileName(file)}: {problem}");
                continue;
            }
            if (defaultNetwork.Length == 0 || network.Name == defaultNetwork)
                return new CniNetworkStatus(network, file, $"network {network.Name} from {file}");
        }

        var reason = defaultNetwork.Length > 0
            ? $"default CNI network {defaultNetwork} not found in {networkDir}"
            : $"no CNI configuration file in {networkDir} (has your network provider started?)";
        return NotReady(problems.Count == 0 ? reason : $"{reason}; skipped: {string.Join("; ", problems)}");
    }

    private static CniNetworkStatus NotReady(string message) => new(null, null, message);

    private static CniNetworkConfigList? Read(string file, out string problem)
    {
        try
        {
            var network = CniNetworkConfigList.Parse(File.ReadAllText(file), isList: Path.GetExtension(file) == ".conflist");
            problem = "";
            return network;
        }
        catch (CniConfigException e)
        {
            problem = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }
        return null;
    }
}
