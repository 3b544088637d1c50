using System.Net;
using System.Text.Json;

namespace CriEngine.Images.Registry;

/// <summary>
/// How an error answer reads in messages: the status and, when the body is the distribution spec's
/// <c>{"errors": [{"code": …, "message": …}]}</c>, its codes and messages.
/// </summary>
internal static class RegistryErrorBody
{
    private const int Longest = 64 * 1024;

    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()}";
        var detail = await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false);
        return detail is null ? status : $"{status}: {detail}";
    }

    private static async Task<string?> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotModified || response.Content.Headers.ContentLength is 0 or > Longest)
            return null;
        try
        {
            var buffer = new byte[Longest];
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
                return null;
            var parts = errors.EnumerateArray()
                .Where(error => error.ValueKind == JsonValueKind.Object)
                .Select(error => string.Join(": ", new[] { Text(error, "code"), Text(error, "message") }.Where(text => !string.IsNullOrEmpty(text))))
                .Where(text => text.Length > 0)
                .ToList();
            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // The status alone still says what went wrong.
            return null;
        }
    }

    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
