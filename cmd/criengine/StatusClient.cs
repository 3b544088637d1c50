using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CriEngine.Daemon;

/// <summary>
/// <c>criengine status</c>: asks the running daemon over its socket, as <c>crio status</c> does,
/// with plain HTTP/1.1 requests (<c>GET /info</c>, <c>GET /config</c>, <c>GET /containers/ID</c>)
/// beside the gRPC traffic, and prints the answers in crio's layout.
/// </summary>
internal sealed class StatusClient(string socket) : IDisposable
{
    public const string DefaultSocket = "/var/run/crio/crio.sock";

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(connection, ownsSocket: true);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://localhost"),
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Runs one of <c>config</c>, <c>info</c> or <c>containers --id ID</c> and returns the exit code.</summary>
    public async Task<int> RunAsync(string subcommand, string? id, TextWriter output, TextWriter errors)
    {
        string path;
        switch (subcommand)
        {
            case "config" or "c":
                path = "/config";
                break;
            case "info" or "i":
                path = "/info";
                break;
            case "containers" or "container" or "cs" or "s":
                if (string.IsNullOrEmpty(id))
                {
                    await errors.WriteLineAsync("criengine status: the argument --id cannot be empty");
                    return 1;
                }
                path = "/containers/" + Uri.EscapeDataString(id);
                break;
            default:
                await errors.WriteLineAsync($"criengine status: no such subcommand \"{subcommand}\": use config, info or containers --id ID");
                return 2;
        }

        string body;
        try
        {
            using var response = await _client.GetAsync(path);
            body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                await errors.WriteLineAsync($"criengine status: GET {path}: {(int)response.StatusCode} {body.Trim()}");
                return 1;
            }
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException)
        {
            await errors.WriteLineAsync($"criengine status: cannot connect to {socket}: {e.InnerException.Message}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            await errors.WriteLineAsync($"criengine status: GET {path} on {socket}: {e.Message}");
            return 1;
        }

        await output.WriteAsync(path == "/config" ? body : Format(path, body));
        return 0;
    }

    public void Dispose() => _client.Dispose();

    private static string Format(string path, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var text = new StringBuilder();
        string Text(string name) => root.TryGetProperty(name, out var value) ? value.ToString() : "";
        void Map(string title, string name)
        {
            text.Append(title).Append(":\n");
            if (root.TryGetProperty(name, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in map.EnumerateObject())
                    text.Append("  ").Append(entry.Name).Append(": ").Append(entry.Value.ToString()).Append('\n');
            }
        }
        void Mappings(string kind, string name)
        {
            text.Append($"default {kind} mappings (format <container>:<host>:<size>):\n");
            if (root.TryGetProperty("default_id_mappings", out var mappings) && mappings.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var mapping in list.EnumerateArray())
                    text.Append($"  {mapping.GetProperty("container_id")}:{mapping.GetProperty("host_id")}:{mapping.GetProperty("size")}\n");
            }
        }

        if (path == "/info")
        {
            text.Append("cgroup driver: ").Append(Text("cgroup_driver")).Append('\n');
            text.Append("storage driver: ").Append(Text("storage_driver")).Append('\n');
            text.Append("storage graph root: ").Append(Text("storage_root")).Append('\n');
            text.Append("storage image: ").Append(Text("storage_image")).Append('\n');
            Mappings("GID", "gids");
            Mappings("UID", "uids");
            return text.ToString();
        }
        text.Append("name: ").Append(Text("name")).Append('\n');
        text.Append("pid: ").Append(Text("pid")).Append('\n');
        text.Append("image: ").Append(Text("image")).Append('\n');
        text.Append("image ref: ").Append(Text("image_ref")).Append('\n');
        text.Append("created: ").Append(Text("created_time")).Append('\n');
        Map("labels", "labels");
        Map("annotations", "annotations");
        Map("CRI-O annotations", "crio_annotations");
        text.Append("log path: ").Append(Text("log_path")).Append('\n');
        text.Append("graph root: ").Append(Text("root")).Append('\n');
        text.Append("sandbox: ").Append(Text("sandbox")).Append('\n');
        var ips = root.TryGetProperty("ip_addresses", out var addresses) && addresses.ValueKind == JsonValueKind.Array
            ? string.Join(", ", addresses.EnumerateArray().Select(address => address.ToString()))
            : "";
        text.Append("ips: ").Append(ips).Append('\n');
        return text.ToString();
    }
}
