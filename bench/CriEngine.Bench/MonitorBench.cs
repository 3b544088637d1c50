using System.Globalization;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.TestSupport.Containers;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriEngine.Bench;

/// <summary>
/// The project's monitor, crimon, beside Debian's conmon in the same run, both driven by the
/// engine's own monitor client with runc: the memory of 50 idle monitors, each supervising a
/// busybox <c>sleep</c>, per container; a create from starting the monitor to the container's
/// PID on its sync pipe; and ExecSync <c>true</c> through a monitor in exec mode. The two
/// monitors take turns, container by container, each first every other time, so that the
/// machine's other work and what the previous step left to settle weigh on both alike.
/// </summary>
internal static class MonitorBench
{
    private const int Containers = 50;
    private const string Conmon = "/usr/bin/conmon";

    public static async Task RunAsync(string crimonBinary)
    {
        await using var crimon = new MonitorRun(crimonBinary);
        await using var conmon = new MonitorRun(Conmon);
        MonitorRun[] runs = [crimon, conmon];
        foreach (var run in runs)
            await run.WarmUpAsync();
        for (var i = 0; i < Containers; i++)
        {
            foreach (var run in InTurn(runs, i))
                await run.RunContainerAsync();
        }
        for (var i = 0; i < Containers; i++)
        {
            foreach (var run in InTurn(runs, i))
                await run.ExecTrueAsync(i);
        }
        var crimonMemory = crimon.Memory();
        var conmonMemory = conmon.Memory();

        Report.Header($"Container monitors ({Containers} busybox sleep containers, one monitor each, runc; median / p99)", "crimon", "conmon 2.1.6");
        Report.Row("monitor RSS per container", Kilobytes(crimonMemory.Rss), Kilobytes(conmonMemory.Rss));
        Report.Row("monitor PSS per container", Kilobytes(crimonMemory.Pss), Kilobytes(conmonMemory.Pss));
        Report.Row("monitor private memory (USS) per container", Kilobytes(crimonMemory.Private), Kilobytes(conmonMemory.Private));
        Report.Row("create: monitor started to container PID on the sync pipe", Milliseconds(crimon.Create), Milliseconds(conmon.Create));
        Report.Row("ExecSync true (monitor in exec mode, runc exec)", Milliseconds(crimon.Exec), Milliseconds(conmon.Exec));
    }

    private static IEnumerable<MonitorRun> InTurn(MonitorRun[] runs, int round) => round % 2 == 0 ? runs : runs.Reverse();

    private static string Kilobytes(long kilobytes) => kilobytes.ToString("N0", CultureInfo.InvariantCulture) + " kB";

    private static string Milliseconds(List<double> times) =>
        $"{Report.Median(times).ToString("F1", CultureInfo.InvariantCulture)} / {Report.P99(times).ToString("F1", CultureInfo.InvariantCulture)} ms";

    private readonly record struct Memory(long Rss, long Pss, long Private);

    /// <summary>One monitor's containers, in a test environment of their own that removes them all on dispose.</summary>
    private sealed class MonitorRun : IAsyncDisposable
    {
        private const string Runc = "/usr/sbin/runc";

        private readonly ContainerTestEnvironment _environment = new(Runc);
        private readonly OciRuntime _runtime;
        private readonly MonitorLauncher _launcher;
        private readonly ExecSyncRunner _execRunner;
        private readonly string _name;
        private readonly List<(string Id, int MonitorPid)> _containers = [];

        public MonitorRun(string monitorPath)
        {
            _runtime = new OciRuntime(new OciRuntimeHandler(Runc, _environment.RuntimeRoot));
            var monitor = new MonitorProgram(monitorPath, ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
            _name = monitor.Name;
            _launcher = new MonitorLauncher(_runtime, monitor, NullLogger.Instance);
            _execRunner = new ExecSyncRunner(_runtime, monitor, NullLogger.Instance);
        }

        public List<double> Create { get; } = [];

        public List<double> Exec { get; } = [];

        /// <summary>One container, not counted, and gone before the others: the binaries' pages in the cache.</summary>
        public async Task WarmUpAsync()
        {
            var (id, _) = await StartContainerAsync([]);
            await _runtime.DeleteAsync(id, force: true);
        }

        public async Task RunContainerAsync() => _containers.Add(await StartContainerAsync(Create));

        public async Task ExecTrueAsync(int container)
        {
            var id = _containers[container].Id;
            var request = new ExecSyncRequest(id, "bench-" + id, _environment.BundleDirectory(id), _environment.SocketDirectory, ["true"], TimeSpan.FromSeconds(30));
            var result = await Timing.MeasureAsync(Exec, () => _execRunner.RunAsync(request));
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"{_name}: exec true in {id}: exit {result.ExitCode}");
        }

        /// <summary>The monitors' Rss, Pss and private pages from smaps_rollup, summed and divided by their number (kB).</summary>
        public Memory Memory()
        {
            long rss = 0, pss = 0, privatePages = 0;
            foreach (var (_, pid) in _containers)
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                {
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 2 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
                        continue;
                    switch (fields[0])
                    {
                        case "Rss:":
                            rss += kilobytes;
                            break;
                        case "Pss:":
                            pss += kilobytes;
                            break;
                        case "Private_Clean:" or "Private_Dirty:":
                            privatePages += kilobytes;
                            break;
                    }
                }
            }
            return new Memory(rss / _containers.Count, pss / _containers.Count, privatePages / _containers.Count);
        }

        public ValueTask DisposeAsync() => _environment.DisposeAsync();

        private async Task<(string Id, int MonitorPid)> StartContainerAsync(List<double> create)
        {
            var id = _environment.NewContainerId();
            _environment.CreateBundle(id, "sleep", "100000");
            var bundle = _environment.BundleDirectory(id);
            var request = new ContainerMonitorRequest(id, "bench-" + id, bundle, bundle, _environment.LogPath(id), _environment.ExitDirectory, _environment.SocketDirectory);
            var created = await Timing.MeasureAsync(create, () => _launcher.CreateContainerAsync(request));
            _environment.TrackMonitor(created.MonitorPid);
            await _runtime.StartAsync(id);
            return (id, created.MonitorPid);
        }
    }
}
