using System.Diagnostics;
using CriEngine.TestSupport.Systemd.Native;

namespace CriEngine.TestSupport.Systemd;

/// <summary>
/// A program started inside the namespaces of a <see cref="SystemdInNamespaces"/> (nsenter forks
/// it into the pid namespace), so that the PID systemd reads in StartTransientUnit's <c>PIDs</c>
/// is this process. Disposing kills it by its host PID and reaps nsenter.
/// </summary>
public sealed class NamespaceProcess : IAsyncDisposable
{
    private readonly Process _nsenter;

    private NamespaceProcess(Process nsenter, int hostPid, uint innerPid)
    {
        _nsenter = nsenter;
        HostPid = hostPid;
        InnerPid = innerPid;
    }

    /// <summary>The PID in the host's pid namespace (for /proc and signals from the tests).</summary>
    public int HostPid { get; }

    /// <summary>The PID inside, as systemd sees it.</summary>
    public uint InnerPid { get; }

    public bool IsAlive => SystemdInNamespaces.IsAlive(HostPid);

    internal static async Task<NamespaceProcess> StartAsync(int namespacePid, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("nsenter")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--target", namespacePid.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--mount", "--pid", "--uts", "--ipc", "--cgroup", "--wd=/", "--", .. command])
            start.ArgumentList.Add(argument);
        var nsenter = Process.Start(start) ?? throw new InvalidOperationException("nsenter did not start");
        nsenter.StandardInput.Close();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (SystemdInNamespaces.FirstChild(nsenter.Id) is { } child && InnerPidOf(child) is { } inner)
                    return new NamespaceProcess(nsenter, child, inner);
                if (nsenter.HasExited || DateTime.UtcNow > deadline)
                {
                    var error = nsenter.HasExited ? await nsenter.StandardError.ReadToEndAsync(cancellationToken) : "no child after 10 s";
                    throw new InvalidOperationException($"nsenter {string.Join(' ', command)}: {error.Trim()}");
                }
                await Task.Delay(5, cancellationToken);
            }
        }
        catch
        {
            nsenter.Kill(entireProcessTree: true);
            await nsenter.WaitForExitAsync(CancellationToken.None);
            nsenter.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ProcessSignals.Send(HostPid, ProcessSignals.Kill);
        await _nsenter.WaitForExitAsync(CancellationToken.None);
        _nsenter.Dispose();
    }

    /// <summary>The last PID of the NSpid line: the PID in the innermost namespace, once the child has joined it.</summary>
    private static uint? InnerPidOf(int hostPid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{hostPid}/status").FirstOrDefault(l => l.StartsWith("NSpid:", StringComparison.Ordinal));
            var pids = line?["NSpid:".Length..].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return pids is { Length: >= 2 } ? uint.Parse(pids[^1], System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
