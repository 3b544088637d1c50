using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CriEngine.Network.Namespaces;

namespace CriEngine.TestSupport.Network;

/// <summary>
/// A CNI network for a test daemon, run wholly inside a network namespace of the test's own that
/// stands in for the node's: the real plugins of Debian's containernetworking-plugins run there,
/// through wrappers that enter it, so the bridge, its veths, the iptables rules and the sysctls
/// they set never touch the host's network, and removing the namespace removes all of them.
/// Pods' own namespaces are the daemon's, as on a real node; the plugins move the pod end of
/// each veth into them. Test plugins of the test's own (a recorder, a failure, a hang) sit
/// beside the wrappers.
/// </summary>
public sealed class TestCniNetwork : IDisposable
{
    public const string Name = "criengine-test";
    public const string Bridge = "crietest0";
    public const string Subnet = "10.89.0.0/24";

    private const string DebianPlugins = "/usr/lib/cni";
    private static readonly string[] WrappedPlugins = ["bridge", "host-local", "loopback", "portmap"];

    private TestCniNetwork(TempDirectory directory, string nodeNamespace)
    {
        Directory = directory;
        NodeNamespace = nodeNamespace;
    }

    public TempDirectory Directory { get; }

    /// <summary>The pinned network namespace that plays the node's.</summary>
    public string NodeNamespace { get; }

    /// <summary>The plugin directory the daemon is given (<c>plugin_dirs</c>).</summary>
    public string PluginDirectory => Directory.Combine("plugins");

    /// <summary>Where host-local keeps its leases: one file per address in use.</summary>
    public string LeaseDirectory => Directory.Combine("ipam", Name);

    /// <summary>What the test plugins log, a line per call: <c>COMMAND CNI_ARGS STDIN</c>.</summary>
    public string PluginLog => Directory.Combine("plugins.log");

    /// <summary>The PID file the hanging plugin writes before it hangs.</summary>
    public string HangPidFile => Directory.Combine("hang.pid");

    public static async Task<TestCniNetwork> CreateAsync()
    {
        var directory = new TempDirectory("criengine-cni");
        try
        {
            var node = await NetworkNamespace.CreateAsync(directory.Combine("node"));
            var network = new TestCniNetwork(directory, node);
            network.WritePlugins();
            return network;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The network as a conflist: a bridge with host-local addresses on <see cref="Subnet"/> and
    /// the portmap plugin; <paramref name="before"/> and <paramref name="after"/> add plugin
    /// entries (JSON objects) around the bridge.
    /// </summary>
    public string ConfigList(string? before = null, string? after = null) => $$"""
        {
          "cniVersion": "1.0.0",
          "name": "{{Name}}",
          "plugins": [
            {{(before is null ? "" : before + ",")}}
            {
              "type": "bridge",
              "bridge": "{{Bridge}}",
              "isGateway": true,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "ranges": [[{ "subnet": "{{Subnet}}" }]],
                "routes": [{ "dst": "0.0.0.0/0" }],
                "dataDir": "{{Directory.Combine("ipam")}}"
              }
            },
            { "type": "portmap", "capabilities": { "portMappings": true } }
            {{(after is null ? "" : "," + after)}}
          ]
        }
        """;

    /// <summary>A test plugin that logs each call and passes nothing on; with the <c>dns</c> capability, to see what the runtime sends.</summary>
    public const string Recorder = """{ "type": "record", "capabilities": { "dns": true, "portMappings": true } }""";

    /// <summary>A test plugin whose ADD fails with a CNI error (its DEL succeeds and is logged).</summary>
    public const string Failure = """{ "type": "fail" }""";

    /// <summary>A test plugin whose ADD never ends.</summary>
    public const string Hang = """{ "type": "hang" }""";

    /// <summary>Writes <paramref name="configList"/> as the only network of <paramref name="networkDirectory"/>, atomically (the daemon watches it).</summary>
    public static void Install(string networkDirectory, string configList)
    {
        System.IO.Directory.CreateDirectory(networkDirectory);
        var temporary = Path.Combine(networkDirectory, ".10-test.conflist.tmp");
        File.WriteAllText(temporary, configList);
        File.Move(temporary, Path.Combine(networkDirectory, "10-test.conflist"), overwrite: true);
    }

    /// <summary>A TCP connection made from inside the node's namespace, as a process on the node would make it.</summary>
    public async Task<NetworkStream> ConnectFromNodeAsync(IPAddress address, int port)
    {
        var socket = await NetworkNamespace.RunInNamespaceAsync(NodeNamespace, () =>
        {
            var connected = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                connected.Connect(new IPEndPoint(address, port));
                return connected;
            }
            catch
            {
                connected.Dispose();
                throw;
            }
        });
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>The network interfaces of the node's namespace, by name.</summary>
    public async Task<IReadOnlyList<string>> NodeInterfacesAsync()
    {
        var start = new ProcessStartInfo("nsenter", [$"--net={NodeNamespace}", "ip", "-o", "link", "show"]) { RedirectStandardOutput = true };
        using var ip = Process.Start(start)!;
        var output = await ip.StandardOutput.ReadToEndAsync();
        await ip.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(':')[1].Trim().Split('@')[0]).ToList();
    }

    /// <summary>The addresses host-local has handed out and not yet taken back.</summary>
    public IReadOnlyList<string> Leases() =>
        System.IO.Directory.Exists(LeaseDirectory)
            ? System.IO.Directory.GetFiles(LeaseDirectory).Select(Path.GetFileName).Where(name => IPAddress.TryParse(name, out _)).Select(name => name!).ToList()
            : [];

    public IReadOnlyList<string> PluginCalls() => File.Exists(PluginLog) ? File.ReadAllLines(PluginLog) : [];

    /// <summary>The node's namespace goes, and with it the bridge, the veths and every rule the plugins made.</summary>
    public void Dispose()
    {
        NetworkNamespace.Remove(NodeNamespace);
        Directory.Dispose();
    }

    private void WritePlugins()
    {
        System.IO.Directory.CreateDirectory(PluginDirectory);
        foreach (var plugin in WrappedPlugins)
            WriteScript(plugin, $"exec nsenter --net={NodeNamespace} {DebianPlugins}/{plugin} \"$@\"");
        const string ReadInput = "input=$(cat)\nprintf '%s %s %s\\n' \"$CNI_COMMAND\" \"$CNI_ARGS\" \"$input\" >> ";
        WriteScript("record", $"{ReadInput}{PluginLog}\n[ \"$CNI_COMMAND\" = ADD ] && printf '{{\"cniVersion\":\"1.0.0\"}}'\nexit 0");
        WriteScript("fail", $$"""
            {{ReadInput}}{{PluginLog}}
            if [ "$CNI_COMMAND" = ADD ]; then
              printf '{"cniVersion":"1.0.0","code":100,"msg":"test plugin refuses the pod","details":"on purpose"}'
              exit 1
            fi
            exit 0
            """);
        WriteScript("hang", $"[ \"$CNI_COMMAND\" = ADD ] || exit 0\necho $$ > {HangPidFile}\nexec sleep 600");
    }

    private void WriteScript(string name, string body)
    {
        var path = Path.Combine(PluginDirectory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }
}
