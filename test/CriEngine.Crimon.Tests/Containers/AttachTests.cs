using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CriEngine.Oci.Monitor;
using CriEngine.TestSupport;

namespace CriEngine.Crimon.Tests.Containers;

/// <summary>The attach socket: SOCK_SEQPACKET under SOCKETDIR/ID, output led by its stream's number, input to the container's stdin.</summary>
public sealed class AttachTests : CrimonTestBase
{
    [Test]
    public async Task Attached_client_gets_each_stream_led_by_its_number()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "sleep 1; echo out; echo err >&2; sleep 60");
        await CreateAsync(id);
        using var client = Connect(id);

        await Runtime.StartAsync(id);

        var packets = new List<byte[]>();
        Assert.That(await Eventually.TrueAsync(() =>
        {
            packets.AddRange(Receive(client));
            return packets.Count >= 2;
        }, TimeSpan.FromSeconds(10)), Is.True, "two packets");
        Assert.That(packets.Select(Describe), Is.EquivalentTo(new[] { "2:out\n", "3:err\n" }));
    }

    [Test]
    public async Task Stdin_from_the_client_reaches_the_container_and_its_end_closes_stdin()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "while read line; do echo got $line; done; echo stdin closed");
        await CreateAsync(id, request => request with { Stdin = true, StdinOnce = true });
        await Runtime.StartAsync(id);

        using (var client = Connect(id))
        {
            client.Send("hello\n"u8);
            var packets = new List<byte[]>();
            Assert.That(await Eventually.TrueAsync(() =>
            {
                packets.AddRange(Receive(client));
                return packets.Count >= 1;
            }, TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(Describe(packets[0]), Is.EqualTo("2:got hello\n"));
        }

        Assert.That(await ExitCodeAsync(id), Is.EqualTo(0), "stdin ended with the client (stdin_once)");
        Assert.That(File.ReadAllText(Environment.LogPath(id)), Does.Contain(" stdout F stdin closed"));
    }

    [Test]
    public async Task Terminal_output_is_logged_and_resize_reaches_the_terminal()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sh", "-c", "sleep 1; stty size; echo tty; sleep 60");
        SetTerminal(id);
        await CreateAsync(id, request => request with { Terminal = true });
        var control = MonitorPaths.ControlFifo(Environment.BundleDirectory(id));
        await File.AppendAllTextAsync(control, "1 33 77\n");

        await Runtime.StartAsync(id);

        var log = Environment.LogPath(id);
        Assert.That(await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("tty"), TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(File.ReadAllText(log), Does.Contain(" stdout F tty\r\n"), "a terminal maps NL to CR NL");
        Assert.That(File.ReadAllText(log), Does.Contain(" stdout F 33 77\r\n"), "the size sent through ctl");
    }

    private static string Describe(byte[] packet) => $"{packet[0]}:{Encoding.UTF8.GetString(packet, 1, packet.Length - 1)}";

    private Socket Connect(string id)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(MonitorPaths.AttachSocket(Environment.SocketDirectory, id)));
        socket.Blocking = false;
        return socket;
    }

    private static IEnumerable<byte[]> Receive(Socket socket)
    {
        var packets = new List<byte[]>();
        var buffer = new byte[65536];
        while (socket.Available > 0 || socket.Poll(0, SelectMode.SelectRead))
        {
            var read = socket.Receive(buffer, SocketFlags.None, out var error);
            if (error != SocketError.Success || read <= 0)
                break;
            packets.Add(buffer[..read]);
        }
        return packets;
    }

    /// <summary>The bundle's process gets a terminal, and the container the /dev/pts the runtime makes it in.</summary>
    private void SetTerminal(string id)
    {
        var path = Path.Combine(Environment.BundleDirectory(id), "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!;
        config["process"]!["terminal"] = true;
        File.CreateSymbolicLink(Path.Combine(Environment.BundleDirectory(id), "rootfs", "bin", "stty"), "busybox");
        config["mounts"]!.AsArray().Add(JsonNode.Parse(
            """{"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]}"""));
        File.WriteAllText(path, config.ToJsonString());
    }
}
