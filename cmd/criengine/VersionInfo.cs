using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CriEngine.Server;

namespace CriEngine.Daemon;

/// <summary>
/// What <c>criengine version</c> prints, with the fields of CRI-O's <c>crio version</c> in its
/// order; GoVersion is the .NET runtime's, since that is what runs the engine.
/// </summary>
internal sealed class VersionInfo
{
    private const string Unknown = "unknown";

    private readonly (string Name, string JsonName, object Value)[] _fields;

    private VersionInfo((string, string, object)[] fields) => _fields = fields;

    public static VersionInfo Get()
    {
        var informational = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = informational.IndexOf('+');
        var gitCommit = plus < 0 || plus == informational.Length - 1 ? Unknown : informational[(plus + 1)..];
        var native = !RuntimeFeature.IsDynamicCodeSupported;
        return new VersionInfo(
        [
            ("Version", "version", EngineInfo.Version),
            ("GitCommit", "gitCommit", gitCommit),
            ("GitCommitDate", "gitCommitDate", Unknown),
            ("GitTreeState", "gitTreeState", Unknown),
            ("GoVersion", "goVersion", RuntimeInformation.FrameworkDescription),
            ("Compiler", "compiler", native ? "nativeaot" : "ryujit"),
            ("Platform", "platform", $"linux/{Architecture(RuntimeInformation.OSArchitecture)}"),
            ("Linkmode", "linkmode", native ? "static" : "dynamic"),
            ("BuildTags", "buildTags", Array.Empty<string>()),
            ("LDFlags", "ldFlags", Unknown),
            ("SeccompEnabled", "seccompEnabled", SeccompEnabled()),
            ("AppArmorEnabled", "appArmorEnabled", AppArmorEnabled()),
        ]);
    }

    /// <summary>One "Name:  value" line per field with its values aligned, as crio's tabwriter lays them out; empty fields left out.</summary>
    public override string ToString()
    {
        var width = _fields.Max(field => field.Name.Length) + 1 + 2;
        var text = new StringBuilder();
        foreach (var (name, _, value) in _fields)
        {
            switch (value)
            {
                case string[] { Length: 0 }:
                    continue;
                case string[] items:
                    text.Append(name).Append(':').Append(string.Concat(items.Select(item => "\n  " + item))).Append('\n');
                    break;
                default:
                    text.Append((name + ":").PadRight(width)).Append(value is bool flag ? (flag ? "true" : "false") : value).Append('\n');
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>CRI-O's JSON: camel-case names, empty strings and lists left out, the booleans always there.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (_, name, value) in _fields)
            {
                switch (value)
                {
                    case bool flag:
                        writer.WriteBoolean(name, flag);
                        break;
                    case string[] { Length: > 0 } items:
                        writer.WriteStartArray(name);
                        foreach (var item in items)
                            writer.WriteStringValue(item);
                        writer.WriteEndArray();
                        break;
                    case string { Length: > 0 } text:
                        writer.WriteString(name, text);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Architecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    // The kernel has seccomp when the process status reports a seccomp mode, as libseccomp-golang's check does.
    private static bool SeccompEnabled() =>
        File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").Any(line => line.StartsWith("Seccomp:", StringComparison.Ordinal));

    private static bool AppArmorEnabled()
    {
        const string parameter = "/sys/module/apparmor/parameters/enabled";
        return File.Exists(parameter) && File.ReadAllText(parameter).StartsWith('Y');
    }
}
