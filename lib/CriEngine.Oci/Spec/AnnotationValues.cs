using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CriEngine.Api;
using Google.Protobuf;

namespace CriEngine.Oci.Spec;

/// <summary>Annotation values written the way CRI-O (Go) writes them.</summary>
internal static class AnnotationValues
{
    private static readonly JsonFormatter Messages = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));

    /// <summary>A map as JSON with its keys sorted, as Go marshals maps.</summary>
    public static string Json(IEnumerable<KeyValuePair<string, string>> map) =>
        JsonSerializer.Serialize(Sorted(map), AnnotationJsonContext.Default.SortedDictionaryStringString);

    // The protobuf formatter puts spaces after separators; Go's encoding/json does not.
    public static string Json(IMessage message) => JsonNode.Parse(Messages.Format(message))!.ToJsonString();

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Go's RFC3339Nano: UTC with "Z", trailing zeros of the fraction dropped.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static SortedDictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> map) =>
        new(map.ToDictionary(), StringComparer.Ordinal);

    /// <summary>The labels with the kubelet's pod labels filled in when the client (crictl) left them out.</summary>
    public static SortedDictionary<string, string> WithPodLabels(IEnumerable<KeyValuePair<string, string>> labels, PodSandboxMetadata? pod)
    {
        var completed = Sorted(labels);
        completed.TryAdd(CrioAnnotations.KubernetesPodName, pod?.Name ?? "");
        completed.TryAdd(CrioAnnotations.KubernetesPodNamespace, pod?.Namespace ?? "");
        completed.TryAdd(CrioAnnotations.KubernetesPodUid, pod?.Uid ?? "");
        return completed;
    }
}
