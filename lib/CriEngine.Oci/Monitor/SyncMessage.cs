using System.Text.Json.Serialization;

namespace CriEngine.Oci.Monitor;

/// <summary>
/// One message a monitor writes on its sync pipe. conmon names the number "pid" when it reports
/// a created container's PID, "exit_code" when it reports an exec's exit, and "data" for both
/// under its newer API; a negative number is a failure, explained by "message" (the runtime's
/// stderr, or "command timed out").
/// </summary>
internal sealed class SyncMessage
{
    [JsonPropertyName("pid")]
    public int? Pid { get; set; }

    [JsonPropertyName("exit_code")]
    public int? ExitCode { get; set; }

    [JsonPropertyName("data")]
    public int? Data { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    public int? Value => Pid ?? ExitCode ?? Data;
}
