using System.Text;
using System.Text.Json;

namespace CriEngine.Streaming.RemoteCommand;

/// <summary>
/// How an exec or attach ended, as the metav1 <c>Status</c> Kubernetes puts on the error
/// stream: v4 and later send it as JSON; older protocols send only a failure's message.
/// </summary>
internal sealed record RemoteCommandStatus(bool Success, string? Message, string? Reason, string? CauseReason, string? CauseMessage, int? Code)
{
    public static RemoteCommandStatus Succeeded { get; } = new(true, null, null, null, null, null);

    public static RemoteCommandStatus NonZeroExit(IReadOnlyList<string> command, int exitCode) => new(
        false,
        $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {exitCode}",
        "NonZeroExitCode", "ExitCode", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), null);

    /// <summary>apierrors.NewInternalError: the cause keeps the bare message, the message says what kind of error it is.</summary>
    public static RemoteCommandStatus InternalError(string message) =>
        new(false, "Internal error occurred: " + message, "InternalError", null, message, 500);

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteEndObject();
            json.WriteString("status", Success ? "Success" : "Failure");
            if (Message is not null)
                json.WriteString("message", Message);
            if (Reason is not null)
                json.WriteString("reason", Reason);
            if (CauseMessage is not null)
            {
                json.WriteStartObject("details");
                json.WriteStartArray("causes");
                json.WriteStartObject();
                if (CauseReason is not null)
                    json.WriteString("reason", CauseReason);
                json.WriteString("message", CauseMessage);
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (Code is { } code)
                json.WriteNumber("code", code);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>What protocols before v4 send: a failure's message, nothing for success.</summary>
    public byte[] ToText() => Success ? [] : Encoding.UTF8.GetBytes(Message ?? "");
}
