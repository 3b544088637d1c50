using System.Text;

namespace CriEngine.TestSupport.Registry;

/// <summary>What a program run by <see cref="ExternalCommand"/> left: its exit code and its output.</summary>
public sealed record ExternalCommandResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string StandardOutputText => Encoding.UTF8.GetString(StandardOutput);
}
