using CriEngine.Cgroups.Systemd;

namespace CriEngine.DBus.Tests.Integration;

/// <summary>
/// This assembly's entry point, for what must run inside systemd's pid namespace: systemd refuses
/// its private socket to a peer whose PID it cannot see, so the private-socket checks run as
/// <c>dotnet CriEngine.DBus.Tests.dll private-socket</c> under nsenter, printing one line per
/// finding for the test to assert on.
/// </summary>
internal static class InsideProbe
{
    public const string PrivateSocketCommand = "private-socket";
    public const int FreshConnections = 20;

    public static async Task<int> Main(string[] args)
    {
        if (args is not [PrivateSocketCommand])
        {
            await Console.Error.WriteLineAsync($"usage: dotnet CriEngine.DBus.Tests.dll {PrivateSocketCommand}");
            return 2;
        }
        await using var direct = new DBusClient([DBusEndpoint.Direct(DBusEndpoint.SystemdPrivateSocket)]);
        var version = await direct.GetPropertyAsync(SystemdManager.ServiceName, "/org/freedesktop/systemd1",
            SystemdManager.ManagerInterface, "Version", CancellationToken.None);
        Console.WriteLine($"version={version.GetString()}");
        Console.WriteLine($"unique-name={direct.UniqueName ?? "none"}");
        var systemd = new SystemdManager(direct);
        await systemd.StartTransientUnitAsync("crtest-private.slice", "replace", [SystemdUnitProperty.DefaultDependencies(false)]);
        Console.WriteLine($"started={await systemd.GetActiveStateAsync("crtest-private.slice")}");
        await systemd.StopUnitAsync("crtest-private.slice");
        Console.WriteLine($"stopped={await systemd.UnitExistsAsync("crtest-private.slice") switch { true => "loaded", false => "gone" }}");

        // sd-bus once left a first call that came in the same read as SASL's BEGIN unanswered:
        // one fresh connection after another, each answers its first call.
        var answered = 0;
        for (var i = 0; i < FreshConnections; i++)
        {
            await using var fresh = new DBusClient([DBusEndpoint.Direct(DBusEndpoint.SystemdPrivateSocket)], TimeSpan.FromSeconds(5));
            if ((await fresh.GetPropertyAsync(SystemdManager.ServiceName, "/org/freedesktop/systemd1", SystemdManager.ManagerInterface, "Version", CancellationToken.None)).GetString() == version.GetString())
                answered++;
        }
        Console.WriteLine($"fresh-connections-answered={answered}");

        // With the bus down (here: pointed elsewhere), root falls back to systemd's private socket.
        Environment.SetEnvironmentVariable(DBusEndpoint.SystemBusVariable, "unix:path=/run/criengine-test-no-bus");
        await using var fallback = DBusClient.ForSystemBus();
        await fallback.ConnectAsync(CancellationToken.None);
        Console.WriteLine($"fallback={fallback.ConnectedEndpoint}");
        return 0;
    }
}
