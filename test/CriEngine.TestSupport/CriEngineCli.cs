using System.Diagnostics;

namespace CriEngine.TestSupport;

/// <summary>The criengine command beside the tests, run as an operator runs it.</summary>
public static class CriEngineCli
{
    public static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var start = DaemonProcess.DaemonCommand(args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
