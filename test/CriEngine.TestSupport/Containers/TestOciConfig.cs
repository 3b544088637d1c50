using System.Text.Json;

namespace CriEngine.TestSupport.Containers;

/// <summary>
/// A minimal OCI runtime config for tests, independent of the engine's spec builder: the process,
/// the root filesystem <c>rootfs</c>, /proc and /dev, the pid, ipc, uts and mount namespaces, a
/// cgroup path, and a small capability set.
/// </summary>
public sealed record TestOciConfig(IReadOnlyList<string> Args, string CgroupsPath)
{
    public IReadOnlyList<string> Env { get; init; } = ["PATH=/bin", "HOME=/root"];

    public string Cwd { get; init; } = "/";

    public IReadOnlyList<string> Capabilities { get; init; } = ["CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_SETUID", "CAP_SETGID"];

    public void WriteTo(string path)
    {
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("ociVersion", "1.0.2");

        json.WriteStartObject("process");
        json.WriteBoolean("terminal", false);
        json.WriteStartObject("user");
        json.WriteNumber("uid", 0);
        json.WriteNumber("gid", 0);
        json.WriteEndObject();
        WriteStrings(json, "args", Args);
        WriteStrings(json, "env", Env);
        json.WriteString("cwd", Cwd);
        json.WriteStartObject("capabilities");
        foreach (var set in new[] { "bounding", "effective", "permitted" })
            WriteStrings(json, set, Capabilities);
        json.WriteEndObject();
        json.WriteBoolean("noNewPrivileges", true);
        json.WriteEndObject();

        json.WriteStartObject("root");
        json.WriteString("path", "rootfs");
        json.WriteBoolean("readonly", false);
        json.WriteEndObject();
        json.WriteString("hostname", "test");

        json.WriteStartArray("mounts");
        WriteMount(json, "/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]);
        WriteMount(json, "/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]);
        json.WriteEndArray();

        json.WriteStartObject("linux");
        json.WriteString("cgroupsPath", CgroupsPath);
        json.WriteStartArray("namespaces");
        foreach (var type in new[] { "pid", "ipc", "uts", "mount" })
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static void WriteMount(Utf8JsonWriter json, string destination, string type, string source, string[] options)
    {
        json.WriteStartObject();
        json.WriteString("destination", destination);
        json.WriteString("type", type);
        json.WriteString("source", source);
        WriteStrings(json, "options", options);
        json.WriteEndObject();
    }
}
