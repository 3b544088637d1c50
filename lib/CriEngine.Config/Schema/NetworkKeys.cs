using static CriEngine.Config.Schema.ConfigKeyTraits;
using static CriEngine.Config.Schema.ValueRules;

namespace CriEngine.Config.Schema;

/// <summary>The keys of <c>[crio.network]</c>.</summary>
internal static class NetworkKeys
{
    public static IReadOnlyList<Setting<CrioConfig>> Settings { get; } =
        new SectionSettings<CrioConfig, NetworkSection>("crio.network", c => c.Network, (c, s) => c with { Network = s })
            .Text("cni_default_network", "", Honoured | Live, "CNI network of pods; empty takes the first one found in network_dir.",
                s => s.CniDefaultNetwork, (s, v) => s with { CniDefaultNetwork = v })
            .Flag("cni-default-network", "CONTAINER_CNI_DEFAULT_NETWORK")
            .Text("network_dir", "/etc/cni/net.d/", Honoured | Live, "Directory of CNI network configurations.",
                s => s.NetworkDir, (s, v) => s with { NetworkDir = v }, AbsolutePath)
            .Flag("cni-config-dir", "CONTAINER_CNI_CONFIG_DIR")
            .Text("plugin_dir", "", Honoured, "A directory of CNI plugins, added to plugin_dirs. Deprecated in CRI-O.",
                s => s.PluginDir, (s, v) => s with { PluginDir = v }, AbsolutePathOrEmpty)
            .TextList("plugin_dirs", ValueList<string>.Of("/opt/cni/bin/"), Honoured | Live, "Directories searched for CNI plugin binaries.",
                s => s.PluginDirs, (s, v) => s with { PluginDirs = v }, AbsolutePaths)
            .Flag("cni-plugin-dir", "CONTAINER_CNI_PLUGIN_DIR")
            .Duration("cni_status_grace_period", TimeSpan.Zero, None, "How long failing CNI STATUS checks are tolerated before the network is reported not ready.",
                s => s.CniStatusGracePeriod, (s, v) => s with { CniStatusGracePeriod = v })
            .NotActedOn("network readiness is not taken from CNI STATUS checks")
            .Settings;
}
