using System.Text.Json;
using CriEngine.Oci.Spec;
using CriEngine.Platform.Yaml;
using Microsoft.Extensions.Logging;

namespace CriEngine.Oci.Cdi;

/// <summary>
/// The CDI specifications of the configured directories (crio.runtime.cdi_spec_dirs), by the
/// CDI cache's rules: a device in a later directory replaces the same device of an earlier one,
/// the same device twice in one directory is a conflict and offered by neither, and an invalid
/// specification is logged and skipped. Specifications are JSON (<c>.json</c>) or YAML
/// (<c>.yaml</c>, <c>.yml</c>, read as the JSON they stand for, as the CDI library does). The
/// files are read again when a directory's listing or a file changes.
/// </summary>
public sealed partial class CdiCatalog(ILogger logger)
{
    /// <summary>The newest specification version this reader implements.</summary>
    private static readonly Version Newest = new(1, 0, 0);

    // One reference, swapped whole: concurrent creations read it without a lock.
    private Cached? _cached;

    public CdiDevices Load(IReadOnlyList<string> directories)
    {
        var fingerprint = DirectoryFingerprint.Of(directories, IsSpecFile);
        if (_cached is { } hit && hit.Fingerprint == fingerprint)
            return hit.Value;
        var devices = Read(directories);
        _cached = new Cached(fingerprint, devices);
        return devices;
    }

    private CdiDevices Read(IReadOnlyList<string> directories)
    {
        var devices = new Dictionary<string, IReadOnlyList<CdiContainerEdits>>(StringComparer.Ordinal);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            var found = new Dictionary<string, (string File, IReadOnlyList<CdiContainerEdits> Edits)>(StringComparer.Ordinal);
            var conflicts = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(directory).Where(file => IsSpecFile(Path.GetFileName(file))).Order(StringComparer.Ordinal))
            {
                foreach (var (name, edits) in ReadSpec(path))
                {
                    if (found.TryGetValue(name, out var other))
                    {
                        LogConflict(logger, name, other.File, path);
                        conflicts.Add(name);
                    }
                    found[name] = (path, edits);
                }
            }
            foreach (var (name, device) in found.Where(pair => !conflicts.Contains(pair.Key)))
                devices[name] = device.Edits;
        }
        LogDevicesRead(logger, devices.Count, string.Join(", ", directories));
        return new CdiDevices(devices);
    }

    private List<(string Name, IReadOnlyList<CdiContainerEdits> Edits)> ReadSpec(string path)
    {
        try
        {
            var spec = ParseSpec(path) ?? throw new FormatException("the file holds null");
            return Validate(spec);
        }
        catch (Exception e) when (e is FormatException or JsonException or IOException or UnauthorizedAccessException)
        {
            LogSpecSkipped(logger, path, e.Message);
            return [];
        }
    }

    private static CdiSpec? ParseSpec(string path)
    {
        if (path.EndsWith(".json", StringComparison.Ordinal))
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, CdiJsonContext.Default.CdiSpec);
        }
        return YamlJson.Parse(File.ReadAllText(path)) is { } node ? node.Deserialize(CdiJsonContext.Default.CdiSpec) : null;
    }

    private static List<(string, IReadOnlyList<CdiContainerEdits>)> Validate(CdiSpec spec)
    {
        if (!Version.TryParse(spec.CdiVersion, out var version) || version.Build < 0)
            throw new FormatException($"cdiVersion \"{spec.CdiVersion}\" is not a version x.y.z");
        if (version > Newest)
            throw new FormatException($"cdiVersion {spec.CdiVersion} is newer than {Newest}, the newest this engine reads");
        if (spec.Kind is null || !CdiNames.Kind().IsMatch(spec.Kind))
            throw new FormatException($"kind \"{spec.Kind}\" is not of the form vendor.com/class");
        if (spec.Devices is not { Count: > 0 } devices)
            throw new FormatException("no devices");
        var common = spec.ContainerEdits;
        if (common is not null)
            ValidateEdits(common, "containerEdits");
        var result = new List<(string, IReadOnlyList<CdiContainerEdits>)>();
        foreach (var device in devices)
        {
            if (device.Name is null || !CdiNames.Device().IsMatch(device.Name))
                throw new FormatException($"device name \"{device.Name}\" is not valid");
            var name = $"{spec.Kind}={device.Name}";
            if (result.Any(entry => entry.Item1 == name))
                throw new FormatException($"device {device.Name} is defined twice");
            if (device.ContainerEdits is null)
                throw new FormatException($"device {device.Name} has no containerEdits");
            ValidateEdits(device.ContainerEdits, $"device {device.Name}");
            result.Add((name, common is null ? [device.ContainerEdits] : [common, device.ContainerEdits]));
        }
        return result;
    }

    private static void ValidateEdits(CdiContainerEdits edits, string place)
    {
        if (edits.Env?.FirstOrDefault(variable => !variable.Contains('=', StringComparison.Ordinal)) is { } env)
            throw new FormatException($"{place}: env \"{env}\" is not NAME=value");
        if (edits.DeviceNodes?.FirstOrDefault(node => string.IsNullOrEmpty(node.Path)) is not null)
            throw new FormatException($"{place}: a device node has no path");
        if (edits.DeviceNodes?.FirstOrDefault(node => node.Type is not (null or "" or "b" or "c" or "u" or "p")) is { } typed)
            throw new FormatException($"{place}: device node {typed.Path}: type \"{typed.Type}\" is not b, c, u or p");
        if (edits.DeviceNodes?.FirstOrDefault(node => node.Permissions?.Any(p => p is not ('r' or 'w' or 'm')) == true) is { } permitted)
            throw new FormatException($"{place}: device node {permitted.Path}: permissions \"{permitted.Permissions}\" are not of r, w, m");
        if (edits.Mounts?.FirstOrDefault(mount => string.IsNullOrEmpty(mount.HostPath) || string.IsNullOrEmpty(mount.ContainerPath)) is { } mount)
            throw new FormatException($"{place}: a mount of {mount.HostPath} to {mount.ContainerPath} lacks a path");
        if (edits.Hooks?.FirstOrDefault(hook => string.IsNullOrEmpty(hook.Path) || !OciHooks.Stages.Contains(hook.HookName ?? "")) is { } hook)
            throw new FormatException($"{place}: hook {hook.Path} at stage \"{hook.HookName}\": needs a path and a stage of {string.Join(", ", OciHooks.Stages)}");
    }

    private static bool IsSpecFile(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal);

    private sealed record Cached(string Fingerprint, CdiDevices Value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cdi: {Path} skipped: {Reason}")]
    private static partial void LogSpecSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cdi: device {Device} is defined in both {First} and {Second}: neither is offered")]
    private static partial void LogConflict(ILogger logger, string device, string first, string second);

    [LoggerMessage(Level = LogLevel.Information, Message = "cdi: {Count} devices in {Directories}")]
    private static partial void LogDevicesRead(ILogger logger, int count, string directories);
}
