using System.Diagnostics;
using CriEngine.Cgroups.Systemd;
using CriEngine.TestSupport.Registry;
using CriEngine.TestSupport.Systemd;

namespace CriEngine.DBus.Tests.Integration;

/// <summary>
/// Not a test: figures for one StartTransientUnit round trip (a scope holding a sleeping process,
/// started and its job waited for), against busctl making the same call on the same bus. The
/// ways take turns round by round, so that load from elsewhere on the machine falls on all alike.
/// Run with <c>dotnet test --filter "FullyQualifiedName~TransientUnitRoundTripBenchmark"</c>.
/// </summary>
[Explicit("benchmark: prints figures")]
[Category("Benchmark")]
[NonParallelizable]
public sealed class TransientUnitRoundTripBenchmark
{
    private const int Rounds = 21;

    [Test]
    public async Task StartTransientUnit_round_trip_against_busctl()
    {
        var instance = SystemdBus.Instance;
        await using var bus = instance.ConnectBus();
        var systemd = new SystemdManager(bus);
        await bus.ConnectAsync(CancellationToken.None);
        var ways = new (string Label, Func<string, uint, Task> StartScope)[]
        {
            ("CriEngine.DBus, connection reused, job waited for (JobRemoved)",
                (scope, pid) => systemd.StartTransientUnitAsync(scope, "replace", [SystemdUnitProperty.Pids(pid)])),
            ("CriEngine.DBus, new connection (connect, auth, Hello), job waited for", async (scope, pid) =>
            {
                await using var fresh = instance.ConnectBus();
                await new SystemdManager(fresh).StartTransientUnitAsync(scope, "replace", [SystemdUnitProperty.Pids(pid)]);
            }),
            ("CriEngine.DBus, new connection, reply only (what busctl waits for)", async (scope, pid) =>
            {
                await using var fresh = instance.ConnectBus();
                await fresh.CallAsync(new DBusMethodCall(SystemdManager.ServiceName, new DBusObjectPath("/org/freedesktop/systemd1"),
                        SystemdManager.ManagerInterface, "StartTransientUnit")
                    .WithArguments("ssa(sv)a(sa(sv))", scope, "replace", new[] { SystemdUnitProperty.Pids(pid) }.Select(p => new DBusStruct(p.Name, p.Value)).ToArray(),
                        Array.Empty<DBusStruct>()), CancellationToken.None);
            }),
            ("busctl call (process, connect, auth, Hello, call; reply only, no job wait)", (scope, pid) =>
                ExternalCommand.RunCheckedAsync("busctl", ["--address=" + instance.BusAddress, "call",
                    SystemdManager.ServiceName, "/org/freedesktop/systemd1", SystemdManager.ManagerInterface, "StartTransientUnit",
                    "ssa(sv)a(sa(sv))", scope, "replace", "1", "PIDs", "au", "1", pid.ToString(), "0"])),
        };
        var times = ways.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Rounds + 1; round++)
        {
            for (var way = 0; way < ways.Length; way++)
            {
                await using var sleeper = await instance.StartInsideAsync(["sleep", "300"]);
                var scope = $"crbench-{round}-{way}-{sleeper.InnerPid}.scope";
                var clock = Stopwatch.StartNew();
                await ways[way].StartScope(scope, sleeper.InnerPid);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (round > 0)
                    times[way].Add(elapsed);
                Assert.That(await systemd.GetActiveStateAsync(scope), Is.EqualTo("active"), scope);
                await systemd.StopUnitAsync(scope);
            }
        }
        TestContext.Out.WriteLine($"StartTransientUnit round trip, a scope with one sleeping PID; median (p25-p75) of {Rounds}, after one warm-up:");
        for (var way = 0; way < ways.Length; way++)
        {
            var sorted = times[way].Order().ToList();
            TestContext.Out.WriteLine($"  {ways[way].Label}: {sorted[Rounds / 2]:0.0} ms ({sorted[Rounds / 4]:0.0}-{sorted[3 * Rounds / 4]:0.0})");
        }
        Assert.That(times.SelectMany(t => t), Has.All.GreaterThan(0));
    }
}
