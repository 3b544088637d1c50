using System.ComponentModel;
using System.Diagnostics;

namespace CriEngine.TestSupport.Registry;

/// <summary>
/// Runs a program the tests need (zstd, htpasswd, skopeo): an argument array, never a shell;
/// standard input fed from memory, output captured; killed by PID on timeout or cancellation;
/// always reaped.
/// </summary>
public static class ExternalCommand
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs the program and returns what it left, whatever its exit code.</summary>
    public static async Task<ExternalCommandResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        ReadOnlyMemory<byte>? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program}: did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program}: cannot start ({e.Message}); `make test` installs the packages the tests use", e);
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout ?? DefaultTimeout);
            var output = new MemoryStream();
            var reading = process.StandardOutput.BaseStream.CopyToAsync(output, CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await FeedAsync(process, standardInput, deadline.Token);
                await process.WaitForExitAsync(deadline.Token);
                await Task.WhenAll(reading, error);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)}: still running after {timeout ?? DefaultTimeout}; killed");
            }
            return new ExternalCommandResult(process.ExitCode, output.ToArray(), await error);
        }
    }

    /// <summary>Runs the program and returns its output; a non-zero exit code throws with the tail of its stderr.</summary>
    public static async Task<ExternalCommandResult> RunCheckedAsync(
        string program,
        IEnumerable<string> arguments,
        ReadOnlyMemory<byte>? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var list = arguments.ToList();
        var result = await RunAsync(program, list, standardInput, timeout, cancellationToken);
        if (result.ExitCode != 0)
        {
            var tail = result.StandardError.Length > 2000 ? result.StandardError[^2000..] : result.StandardError;
            throw new InvalidOperationException($"{program} {string.Join(' ', list)}: exit code {result.ExitCode}: {tail.Trim()}");
        }
        return result;
    }

    private static async Task FeedAsync(Process process, ReadOnlyMemory<byte>? standardInput, CancellationToken cancellationToken)
    {
        var input = process.StandardInput.BaseStream;
        try
        {
            if (standardInput is { } bytes)
                await input.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException)
        {
            // The program exited without reading all its input: its exit code and stderr say why.
        }
        finally
        {
            try
            {
                await input.DisposeAsync();
            }
            catch (IOException)
            {
                // Same: a broken pipe on close.
            }
        }
    }
}
