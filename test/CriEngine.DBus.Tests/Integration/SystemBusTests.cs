using CriEngine.TestSupport;
using CriEngine.TestSupport.Systemd;
using Tmds.DBus.Protocol;

namespace CriEngine.DBus.Tests.Integration;

/// <summary>The client against a real dbus-daemon and systemd 252.</summary>
[Category("Integration")]
[NonParallelizable]
public sealed class SystemBusTests
{
    private DBusClient _bus = null!;
    private readonly List<NamespaceProcess> _processes = [];
    private readonly List<string> _units = [];

    [SetUp]
    public void Connect() => _bus = SystemdBus.Instance.ConnectBus();

    [TearDown]
    public async Task CleanUpAsync()
    {
        foreach (var unit in _units)
        {
            try
            {
                await _bus.CallAsync(SystemdBus.ManagerCall("StopUnit").WithStrings(unit, "replace"), CancellationToken.None);
            }
            catch (DBusException)
            {
                // Gone already.
            }
        }
        foreach (var process in _processes)
            await process.DisposeAsync();
        _units.Clear();
        _processes.Clear();
        await _bus.DisposeAsync();
    }

    [Test]
    public async Task Hello_gives_the_connection_a_unique_name()
    {
        await _bus.ConnectAsync(CancellationToken.None);
        Assert.That(_bus.UniqueName, Does.Match(@"^:1\.\d+$"));
    }

    [Test]
    public async Task Version_property_is_systemds_version()
    {
        var version = await _bus.GetPropertyAsync(SystemdBus.Systemd, SystemdBus.ManagerPath, SystemdBus.Manager, "Version", CancellationToken.None);
        Assert.That(version.Type, Is.EqualTo(VariantValueType.String));
        Assert.That(version.GetString(), Does.StartWith("252"));
    }

    [Test]
    public async Task ListUnits_returns_the_units_with_their_states()
    {
        // a(ssssssouso): name, description, load, active, sub, following, path, job id, job type, job path.
        var units = await _bus.CallAsync(SystemdBus.ManagerCall("ListUnits"), static (reply, _) =>
        {
            var reader = reply.GetBodyReader();
            var list = new List<(string Name, string Active, string Path)>();
            var end = reader.ReadArrayStart(DBusType.Struct);
            while (reader.HasNext(end))
            {
                reader.AlignStruct();
                var name = reader.ReadString();
                reader.ReadString();
                reader.ReadString();
                var active = reader.ReadString();
                reader.ReadString();
                reader.ReadString();
                var path = reader.ReadObjectPathAsString();
                reader.ReadUInt32();
                reader.ReadString();
                reader.ReadObjectPathAsString();
                list.Add((name, active, path));
            }
            return list;
        }, CancellationToken.None);
        var dbus = units.Single(unit => unit.Name == "dbus.service");
        Assert.That(dbus.Active, Is.EqualTo("active"));
        Assert.That(dbus.Path, Is.EqualTo("/org/freedesktop/systemd1/unit/dbus_2eservice"));
    }

    [Test]
    public async Task GetUnit_returns_the_units_object_path()
    {
        var path = await _bus.CallAsync(SystemdBus.ManagerCall("GetUnit").WithStrings("dbus.socket"), SystemdBus.ReadObjectPath, CancellationToken.None);
        Assert.That(path, Is.EqualTo("/org/freedesktop/systemd1/unit/dbus_2esocket"));
    }

    [Test]
    public void Unknown_unit_is_a_typed_error_with_systemds_name_and_text()
    {
        var error = Assert.ThrowsAsync<DBusException>(() =>
            _bus.CallAsync(SystemdBus.ManagerCall("GetUnit").WithStrings("no-such-thing.service"), CancellationToken.None));
        Assert.That(error!.ErrorName, Is.EqualTo("org.freedesktop.systemd1.NoSuchUnit"));
        Assert.That(error.ErrorMessage, Does.Contain("no-such-thing.service"));
    }

    [Test]
    public void Unknown_method_is_refused_by_the_peer_with_its_error_name()
    {
        var error = Assert.ThrowsAsync<DBusException>(() => _bus.CallAsync(SystemdBus.ManagerCall("NoSuchMethod"), CancellationToken.None));
        Assert.That(error!.ErrorName, Is.EqualTo("org.freedesktop.DBus.Error.UnknownMethod"));
    }

    [Test]
    public async Task Two_hundred_calls_at_once_each_get_their_own_reply_beyond_the_buss_pending_limit()
    {
        await _bus.ConnectAsync(CancellationToken.None);
        var names = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? "dbus.service" : $"absent-{i}.service").ToList();
        var calls = names.Select(name => _bus.CallAsync(SystemdBus.ManagerCall("GetUnit").WithStrings(name), SystemdBus.ReadObjectPath, CancellationToken.None)).ToList();
        for (var i = 0; i < calls.Count; i++)
        {
            if (i % 2 == 0)
            {
                Assert.That(await calls[i], Is.EqualTo("/org/freedesktop/systemd1/unit/dbus_2eservice"));
            }
            else
            {
                // Awaited: see Bus_restart_fails_what_was_pending_and_the_next_call_reconnects.
                DBusException? error = null;
                try
                {
                    await calls[i];
                }
                catch (DBusException e)
                {
                    error = e;
                }
                Assert.That(error?.ErrorMessage, Does.Contain(names[i]), "an error reply must reach the call it answers");
            }
        }
    }

    [Test]
    public async Task JobRemoved_arrives_for_a_started_transient_scope()
    {
        await _bus.CallAsync(SystemdBus.ManagerCall("Subscribe"), CancellationToken.None);
        using var signals = await _bus.SubscribeAsync(new MatchRule
        {
            Type = MessageType.Signal,
            Sender = SystemdBus.Systemd,
            Interface = SystemdBus.Manager,
            Member = "JobRemoved",
            Path = SystemdBus.ManagerPath,
        }, static (signal, _) =>
        {
            var reader = signal.GetBodyReader();
            return (Signature: signal.SignatureAsString, Id: reader.ReadUInt32(), Job: reader.ReadObjectPathAsString(), Unit: reader.ReadString(), Result: reader.ReadString());
        }, CancellationToken.None);
        var sleeper = await StartSleeperAsync();
        var unit = Unit($"dbus-test-{sleeper.InnerPid}.scope");
        var job = await signals.CallAsync(SystemdBus.ManagerCall("StartTransientUnit").WithArguments("ssa(sv)a(sa(sv))", (ref MessageWriter writer) =>
        {
            writer.WriteString(unit);
            writer.WriteString("replace");
            var properties = writer.WriteArrayStart(DBusType.Struct);
            writer.WriteStructureStart();
            writer.WriteString("PIDs");
            writer.WriteVariant(VariantValue.Array(new[] { sleeper.InnerPid }));
            writer.WriteArrayEnd(properties);
            writer.WriteArrayEnd(writer.WriteArrayStart(DBusType.Struct));
        }), SystemdBus.ReadObjectPath, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var removed = await signals.ReadAsync(timeout.Token);
        while (removed.Job != job)
            removed = await signals.ReadAsync(timeout.Token);
        Assert.That(removed.Signature, Is.EqualTo("uoss"));
        Assert.That(removed.Unit, Is.EqualTo(unit));
        Assert.That(removed.Result, Is.EqualTo("done"));
    }

    [Test]
    public void Private_socket_from_outside_systemds_pid_namespace_is_refused_as_NoServer()
    {
        var outside = SystemdBus.Instance.ConnectPrivate();
        var error = Assert.ThrowsAsync<DBusException>(() => outside.ConnectAsync(CancellationToken.None));
        Assert.That(error!.ErrorName, Is.EqualTo(DBusErrorNames.NoServer));
        // systemd hangs up during authentication; the library reports it as the socket error it met.
        Assert.That(error.ErrorMessage, Does.Contain(SystemdBus.Instance.PrivateSocketPath));
    }

    [Test]
    public async Task Private_socket_answers_calls_sends_job_signals_and_serves_as_roots_fallback()
    {
        // From inside the pid namespace, as a runtime beside its systemd is: this assembly's own entry point.
        var result = await SystemdBus.Instance.RunInsideAsync(
            ["dotnet", typeof(InsideProbe).Assembly.Location, InsideProbe.PrivateSocketCommand]);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutputText.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "version=" + (await _bus.GetPropertyAsync(SystemdBus.Systemd, SystemdBus.ManagerPath, SystemdBus.Manager, "Version", CancellationToken.None)).GetString(),
            "unique-name=none",
            "started=active",
            "stopped=gone",
            $"fresh-connections-answered={InsideProbe.FreshConnections}",
            "fallback=unix:path=/run/systemd/private (direct)",
        }));
    }

    [Test]
    public async Task Bus_restart_fails_what_was_pending_and_the_next_call_reconnects()
    {
        await _bus.ConnectAsync(CancellationToken.None);
        var firstName = _bus.UniqueName;
        using var signals = await _bus.SubscribeAsync(new MatchRule { Type = MessageType.Signal, Interface = SystemdBus.Manager }, static (signal, _) => signal.MemberAsString, CancellationToken.None);
        var waiting = signals.ReadAsync(CancellationToken.None).AsTask();

        var daemons = SystemdBus.Instance.FindInside("dbus-daemon");
        Assert.That(daemons, Has.Count.EqualTo(1), "one dbus-daemon inside");
        using (var daemon = System.Diagnostics.Process.GetProcessById(daemons[0]))
            daemon.Kill();

        // Awaited, not waited on: Tmds.DBus.Protocol's read loop waits for each caller's
        // continuation before it goes on, so a thread-pool thread blocked in a test's
        // Assert.ThrowsAsync can hold up every reply and the loss itself. The engine never blocks.
        DBusException? lost = null;
        try
        {
            await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (DBusException e)
        {
            lost = e;
        }
        Assert.That(lost?.ErrorName, Is.EqualTo(DBusErrorNames.Disconnected));
        Assert.That(lost!.ErrorMessage, Does.Contain("lost"));

        // dbus.socket stays with systemd: the next connect starts a new daemon; systemd takes its
        // name again on that bus shortly after.
        string? version = null;
        Assert.That(await Eventually.TrueAsync(async () =>
        {
            try
            {
                version = (await _bus.GetPropertyAsync(SystemdBus.Systemd, SystemdBus.ManagerPath, SystemdBus.Manager, "Version", CancellationToken.None)).GetString();
                return true;
            }
            catch (DBusException e) when (e.ErrorName is "org.freedesktop.DBus.Error.ServiceUnknown" or "org.freedesktop.DBus.Error.NameHasNoOwner" or DBusErrorNames.NoServer or DBusErrorNames.Disconnected)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)), Is.True, "systemd answers on the restarted bus");
        Assert.That(version, Does.StartWith("252"));
        Assert.That(_bus.UniqueName, Is.Not.Null.And.Not.EqualTo(firstName), "a new connection, with a new name");
    }

    [Test]
    public void Cancelled_call_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => _bus.CallAsync(SystemdBus.ManagerCall("ListUnits"), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Nothing_listening_is_NoServer_naming_the_address()
    {
        var nowhere = new DBusClient([DBusEndpoint.MessageBus("unix:path=/run/criengine-test-no-such-bus")]);
        var error = Assert.ThrowsAsync<DBusException>(() => nowhere.ConnectAsync(CancellationToken.None));
        Assert.That(error!.ErrorName, Is.EqualTo(DBusErrorNames.NoServer));
        Assert.That(error.ErrorMessage, Does.Contain("/run/criengine-test-no-such-bus"));
    }

    private async Task<NamespaceProcess> StartSleeperAsync()
    {
        var process = await SystemdBus.Instance.StartInsideAsync(["sleep", "300"]);
        _processes.Add(process);
        return process;
    }

    private string Unit(string name)
    {
        _units.Add(name);
        return name;
    }
}
