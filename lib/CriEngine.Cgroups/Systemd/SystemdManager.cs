using CriEngine.DBus;
using CriEngine.Grpc;
using Tmds.DBus.Protocol;

namespace CriEngine.Cgroups.Systemd;

/// <summary>
/// The calls a runtime makes to systemd's manager (org.freedesktop.systemd1) for its cgroups, as
/// CRI-O and runc make them: transient slices and scopes started and waited for, units stopped,
/// their state read. A job is waited for through its JobRemoved signal, subscribed to before the
/// call so that a quick job cannot finish unseen. Failures are RpcExceptions naming the unit.
/// </summary>
public sealed class SystemdManager(DBusClient connection)
{
    public const string ServiceName = "org.freedesktop.systemd1";
    public const string ManagerInterface = "org.freedesktop.systemd1.Manager";
    public const string UnitInterface = "org.freedesktop.systemd1.Unit";
    public const string NoSuchUnit = "org.freedesktop.systemd1.NoSuchUnit";

    /// <summary>runc's wait for a scope's start job; systemd's own default job timeout is far longer.</summary>
    public static readonly TimeSpan DefaultJobTimeout = TimeSpan.FromSeconds(30);

    private const string AlreadySubscribed = "org.freedesktop.systemd1.AlreadySubscribed";

    private const string ManagerPath = "/org/freedesktop/systemd1";

    private static readonly MatchRule JobRemoved = new()
    {
        Type = MessageType.Signal,
        Sender = ServiceName,
        Interface = ManagerInterface,
        Member = "JobRemoved",
        Path = ManagerPath,
    };

    /// <summary>How long a job may take before the call fails with DeadlineExceeded.</summary>
    public TimeSpan JobTimeout { get; init; } = DefaultJobTimeout;

    /// <summary>
    /// Starts transient unit <paramref name="name"/> (a <c>.slice</c> or <c>.scope</c>) with
    /// <paramref name="properties"/> and waits for its job: done, or an error naming the unit and
    /// the job's result (<c>failed</c>, <c>timeout</c>, <c>dependency</c>…). A unit that exists
    /// already is AlreadyExists.
    /// </summary>
    public Task StartTransientUnitAsync(string name, string mode, IEnumerable<SystemdUnitProperty> properties, CancellationToken cancellationToken = default)
    {
        CheckUnitName(name);
        var list = properties.ToList();
        var call = Call("StartTransientUnit").WithArguments("ssa(sv)a(sa(sv))", (ref MessageWriter writer) =>
        {
            writer.WriteString(name);
            writer.WriteString(mode);
            WriteProperties(ref writer, list);
            // No auxiliary units.
            writer.WriteArrayEnd(writer.WriteArrayStart(DBusType.Struct));
        });
        return RunJobAsync(name, "start", call, cancellationToken);
    }

    /// <summary>
    /// Sets <paramref name="properties"/> on loaded unit <paramref name="name"/> (SetUnitProperties),
    /// until the unit goes with <paramref name="runtime"/>, for good otherwise. systemd checks
    /// every property before it applies any, and writes the unit's cgroup itself.
    /// </summary>
    public async Task SetUnitPropertiesAsync(string name, bool runtime, IEnumerable<SystemdUnitProperty> properties, CancellationToken cancellationToken = default)
    {
        CheckUnitName(name);
        var list = properties.ToList();
        var call = Call("SetUnitProperties").WithArguments("sba(sv)", (ref MessageWriter writer) =>
        {
            writer.WriteString(name);
            writer.WriteBool(runtime);
            WriteProperties(ref writer, list);
        });
        try
        {
            await connection.CallAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (DBusException e)
        {
            throw Failed(name, "setting " + string.Join(", ", list.Select(p => p.Name)), e);
        }
    }

    /// <summary>A unit's properties as D-Bus writes them: <c>a(sv)</c>.</summary>
    private static void WriteProperties(ref MessageWriter writer, List<SystemdUnitProperty> properties)
    {
        var array = writer.WriteArrayStart(DBusType.Struct);
        foreach (var property in properties)
            property.WriteTo(ref writer);
        writer.WriteArrayEnd(array);
    }

    /// <summary>Stops unit <paramref name="name"/> and waits for the job; a unit systemd does not know is stopped already.</summary>
    public async Task StopUnitAsync(string name, string mode = "replace", CancellationToken cancellationToken = default)
    {
        CheckUnitName(name);
        try
        {
            await RunJobAsync(name, "stop", Call("StopUnit").WithStrings(name, mode), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.InnerException is DBusException { ErrorName: NoSuchUnit })
        {
            // Never loaded, or gone with its last process: nothing to stop.
            return;
        }
        // A unit that ended failed (a monitor killed at the stop timeout) would stay loaded for good.
        try
        {
            await connection.CallAsync(Call("ResetFailedUnit").WithStrings(name), cancellationToken).ConfigureAwait(false);
        }
        catch (DBusException e) when (e.ErrorName == NoSuchUnit)
        {
            // Gone already, as a unit that stopped cleanly is.
        }
        catch (DBusException e)
        {
            throw Failed(name, "resetting its failed state", e);
        }
    }

    /// <summary>Whether systemd has unit <paramref name="name"/> loaded.</summary>
    public async Task<bool> UnitExistsAsync(string name, CancellationToken cancellationToken = default) =>
        await UnitPathAsync(name, cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The unit's ActiveState (<c>active</c>, <c>activating</c>, <c>failed</c>…), or null when systemd does not have it loaded.</summary>
    public async Task<string?> GetActiveStateAsync(string name, CancellationToken cancellationToken = default)
    {
        if (await UnitPathAsync(name, cancellationToken).ConfigureAwait(false) is not { } path)
            return null;
        try
        {
            var state = await connection.GetPropertyAsync(ServiceName, path, UnitInterface, "ActiveState", cancellationToken).ConfigureAwait(false);
            return state.GetString();
        }
        catch (DBusException e) when (e.ErrorName == "org.freedesktop.DBus.Error.UnknownObject")
        {
            return null;
        }
        catch (DBusException e)
        {
            throw Failed(name, "reading its ActiveState", e);
        }
    }

    private async Task<string?> UnitPathAsync(string name, CancellationToken cancellationToken)
    {
        CheckUnitName(name);
        try
        {
            return await connection.CallAsync(Call("GetUnit").WithStrings(name), ReadObjectPath, cancellationToken).ConfigureAwait(false);
        }
        catch (DBusException e) when (e.ErrorName == NoSuchUnit)
        {
            return null;
        }
        catch (DBusException e)
        {
            throw Failed(name, "looking it up", e);
        }
    }

    /// <summary>Makes <paramref name="call"/>, which queues a job, and waits for that job's JobRemoved.</summary>
    private async Task RunJobAsync(string unit, string verb, DBusMethodCall call, CancellationToken cancellationToken)
    {
        DBusSignalSubscription<JobRemovedSignal>? jobs = null;
        try
        {
            jobs = await connection.SubscribeAsync(JobRemoved, ReadJobRemoved, cancellationToken).ConfigureAwait(false);
            await SubscribeToManagerAsync(jobs, cancellationToken).ConfigureAwait(false);
            var job = await jobs.CallAsync(call, ReadObjectPath, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(JobTimeout);
            while (true)
            {
                JobRemovedSignal removed;
                try
                {
                    removed = await jobs.ReadAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new RpcException(StatusCode.DeadlineExceeded,
                        $"systemd: unit {unit}: {verb} job {job} not finished within {JobTimeout.TotalSeconds:0.###} s");
                }
                if (removed.Job != job)
                    continue;
                if (removed.Result != "done")
                    throw new RpcException(StatusCode.Internal, $"systemd: unit {unit}: {verb} job {removed.Result}");
                return;
            }
        }
        catch (DBusException e)
        {
            throw Failed(unit, verb, e);
        }
        finally
        {
            jobs?.Dispose();
        }
    }

    /// <summary>
    /// Manager.Subscribe: without it systemd sends its signals to no one on a message bus (it
    /// sends them to every peer of its private socket anyway). Once per connection suffices.
    /// </summary>
    private static async Task SubscribeToManagerAsync(DBusSignalSubscription<JobRemovedSignal> jobs, CancellationToken cancellationToken)
    {
        try
        {
            await jobs.CallAsync(Call("Subscribe"), static (_, _) => true, cancellationToken).ConfigureAwait(false);
        }
        catch (DBusException e) when (e.ErrorName == AlreadySubscribed)
        {
            // Subscribed by an earlier job on this connection.
        }
    }

    private static string ReadObjectPath(Message reply, object? state) => reply.GetBodyReader().ReadObjectPathAsString();

    /// <summary>JobRemoved(u id, o job, s unit, s result); anything else under that name is not systemd's and matches no job.</summary>
    private static JobRemovedSignal ReadJobRemoved(Message signal, object? state)
    {
        if (signal.SignatureAsString != "uoss")
            return new JobRemovedSignal("", "");
        var reader = signal.GetBodyReader();
        reader.ReadUInt32();
        var job = reader.ReadObjectPathAsString();
        reader.ReadString();
        return new JobRemovedSignal(job, reader.ReadString());
    }

    private readonly record struct JobRemovedSignal(string Job, string Result);

    private static DBusMethodCall Call(string member) => new(ServiceName, ManagerPath, ManagerInterface, member);

    private static void CheckUnitName(string name)
    {
        if (!SystemdUnitName.IsValid(name))
            throw new RpcException(StatusCode.InvalidArgument, $"systemd: \"{name}\" is not a valid unit name");
    }

    private static RpcException Failed(string unit, string verb, DBusException e) => e.ErrorName switch
    {
        "org.freedesktop.systemd1.UnitExists" => new(StatusCode.AlreadyExists, $"systemd: unit {unit}: {verb}: {e.ErrorMessage}", e),
        NoSuchUnit => new(StatusCode.NotFound, $"systemd: unit {unit}: {verb}: {e.ErrorMessage}", e),
        DBusErrorNames.NoServer or DBusErrorNames.Disconnected or DBusErrorNames.NoReply =>
            new(StatusCode.Unavailable, $"systemd: unit {unit}: {verb}: {e.Message}", e),
        _ => new(StatusCode.Internal, $"systemd: unit {unit}: {verb}: {e.Message}", e),
    };
}
