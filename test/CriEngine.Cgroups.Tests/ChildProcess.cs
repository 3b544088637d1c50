using System.Diagnostics;

namespace CriEngine.Cgroups.Tests;

/// <summary>A shell child the test starts, and so may move between cgroups; killed by its PID and reaped on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static ChildProcess Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardInput = true };
        return new ChildProcess(Process.Start(start)!);
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The child's lines of /proc/PID/cgroup: "ID:CONTROLLERS:PATH", one per hierarchy.</summary>
    public string[] CgroupLines() => File.ReadAllLines($"/proc/{Pid}/cgroup");

    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
