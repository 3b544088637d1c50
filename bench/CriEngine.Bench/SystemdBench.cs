using System.Diagnostics;
using System.Globalization;
using CriEngine.Cgroups.Systemd;
using CriEngine.DBus;
using CriEngine.TestSupport.Registry;
using CriEngine.TestSupport.Systemd;
using Tmds.DBus.Protocol;

namespace CriEngine.Bench;

/// <summary>
/// One StartTransientUnit round trip (a scope holding a sleeping process) against a real
/// systemd started in namespaces of the bench's own, the project's D-Bus client beside
/// <c>busctl call</c> making the same call on the same bus. The ways take turns round by round,
/// so that load from elsewhere on the machine falls on all alike.
/// </summary>
internal static class SystemdBench
{
    private const int Rounds = 21;

    public static async Task RunAsync()
    {
        await using var instance = await SystemdInNamespaces.StartAsync("criengine-bench", CancellationToken.None);
        await using var bus = instance.ConnectBus();
        await bus.ConnectAsync(CancellationToken.None);
        var systemd = new SystemdManager(bus);
        // The engine's way (one connection, the job waited for), then the same call as busctl makes it, then busctl.
        var ways = new Func<string, uint, Task>[]
        {
            (scope, pid) => systemd.StartTransientUnitAsync(scope, "replace", [SystemdUnitProperty.Pids(pid)]),
            async (scope, pid) =>
            {
                await using var fresh = instance.ConnectBus();
                await fresh.CallAsync(new DBusMethodCall(SystemdManager.ServiceName, "/org/freedesktop/systemd1", SystemdManager.ManagerInterface, "StartTransientUnit")
                    .WithArguments("ssa(sv)a(sa(sv))", (ref MessageWriter writer) =>
                    {
                        writer.WriteString(scope);
                        writer.WriteString("replace");
                        var properties = writer.WriteArrayStart(DBusType.Struct);
                        writer.WriteStructureStart();
                        writer.WriteString("PIDs");
                        writer.WriteVariant(VariantValue.Array(new[] { pid }));
                        writer.WriteArrayEnd(properties);
                        writer.WriteArrayEnd(writer.WriteArrayStart(DBusType.Struct));
                    }),
                    CancellationToken.None);
            },
            (scope, pid) => ExternalCommand.RunCheckedAsync("busctl", ["--address=" + instance.BusAddress, "call", SystemdManager.ServiceName, "/org/freedesktop/systemd1",
                    SystemdManager.ManagerInterface, "StartTransientUnit", "ssa(sv)a(sa(sv))", scope, "replace", "1", "PIDs", "au", "1", pid.ToString(CultureInfo.InvariantCulture), "0"]),
        };
        var times = ways.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round <= Rounds; round++)
        {
            for (var way = 0; way < ways.Length; way++)
            {
                await using var sleeper = await instance.StartInsideAsync(["sleep", "300"]);
                var scope = $"crbench-{round}-{way}-{sleeper.InnerPid}.scope";
                var clock = Stopwatch.StartNew();
                await ways[way](scope, sleeper.InnerPid);
                if (round > 0)
                    times[way].Add(clock.Elapsed.TotalMilliseconds);
                await systemd.StopUnitAsync(scope);
            }
        }
        Report.Header($"systemd: StartTransientUnit round trip, a scope with one PID (median / p99 of {Rounds})", "CriEngine.DBus", "busctl call");
        Report.Row("connection kept, job waited for  |  (busctl cannot wait)", Figure(times[0]), "");
        Report.Row("new connection, reply only  |  busctl call, reply only", Figure(times[1]), Figure(times[2]));
    }

    private static string Figure(List<double> times) => $"{Report.Median(times):F1} / {Report.P99(times):F1} ms";
}
