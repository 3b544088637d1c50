using System.Diagnostics;

namespace CriEngine.TestSupport.Containers;

/// <summary>
/// The directories one test's containers live in (the runtime's state root, exit files, attach
/// sockets, logs, bundles) under a temporary directory, and everything the test makes there
/// removed on dispose, even after a failure: containers force-deleted through the runtime,
/// monitors killed by PID, their cgroups under <see cref="TestCgroups.Parent"/> removed, the
/// directory deleted. Whatever could not be removed is named in the exception dispose then
/// throws, so a leak fails the test that made it.
/// </summary>
public sealed class ContainerTestEnvironment : IAsyncDisposable
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new("criengine-oci");
    private readonly List<string> _containers = [];
    private readonly List<int> _monitors = [];
    private readonly List<string> _cgroups = [];

    public ContainerTestEnvironment(string runtimePath)
    {
        RuntimePath = runtimePath;
        foreach (var directory in new[] { RuntimeRoot, ExitDirectory, SocketDirectory, LogDirectory })
            Directory.CreateDirectory(directory);
    }

    public string RuntimePath { get; }

    public string Root => _directory.Path;

    public string RuntimeRoot => _directory.Combine("runtime");

    public string ExitDirectory => _directory.Combine("exits");

    public string SocketDirectory => _directory.Combine("sockets");

    public string LogDirectory => _directory.Combine("logs");

    /// <summary>A container ID no other test uses (short: it names cgroups and socket paths).</summary>
    public string NewContainerId() => "t" + Guid.NewGuid().ToString("N")[..15];

    /// <summary>The container's bundle, which is also its monitor's persist directory here (as in CRI-O).</summary>
    public string BundleDirectory(string containerId) => _directory.Combine("containers", containerId);

    public string LogPath(string containerId) => Path.Combine(LogDirectory, containerId + ".log");

    /// <summary>Makes a busybox bundle running <paramref name="args"/> in cgroup <c>/criengine-test/ID</c>, and remembers the container for cleanup.</summary>
    public string CreateBundle(string containerId, params string[] args)
    {
        TrackContainer(containerId);
        return BusyboxBundle.Create(BundleDirectory(containerId), new TestOciConfig(args, TestCgroups.PathOf(containerId)));
    }

    public void TrackContainer(string containerId)
    {
        lock (_containers)
            _containers.Add(containerId);
    }

    public void TrackMonitor(int pid)
    {
        lock (_monitors)
            _monitors.Add(pid);
    }

    /// <summary>Makes cgroup <c>/criengine-test/NAME</c> in the v1 hierarchy of <paramref name="controller"/>, removed on dispose.</summary>
    public string CreateCgroup(string controller, string name)
    {
        lock (_cgroups)
            _cgroups.Add(name);
        return Directory.CreateDirectory(TestCgroups.DirectoryIn(controller, name)).FullName;
    }

    public async ValueTask DisposeAsync()
    {
        var problems = new List<string>();
        foreach (var container in _containers)
        {
            var (exitCode, stderr) = await RunRuntimeAsync("--root", RuntimeRoot, "delete", "--force", container);
            if (exitCode != 0 && Directory.Exists(Path.Combine(RuntimeRoot, container)))
                problems.Add($"{RuntimePath} delete --force {container}: {stderr.Trim()}");
        }
        foreach (var pid in _monitors)
            KillIfAlive(pid);
        foreach (var cgroup in _containers.Concat(_cgroups))
            problems.AddRange((await TestCgroups.RemoveAsync(cgroup, CleanupTimeout)).Select(left => $"cgroup {left} not removed"));
        _directory.Dispose();
        if (problems.Count > 0)
            throw new InvalidOperationException("cleanup left: " + string.Join("; ", problems));
    }

    private async Task<(int ExitCode, string Stderr)> RunRuntimeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(RuntimePath) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stderr);
    }

    /// <summary>Kills a monitor that outlived its container; a PID that now names another program is left alone.</summary>
    private static void KillIfAlive(int pid)
    {
        try
        {
            var command = File.ReadAllText($"/proc/{pid}/comm").Trim();
            if (command is "conmon" or "crimon")
                Process.GetProcessById(pid).Kill();
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Gone already.
        }
    }
}
