using CriEngine.Grpc;
using CriEngine.Oci.Monitor;
using CriEngine.Oci.Runtime;
using CriEngine.TestSupport;
using CriEngine.TestSupport.Containers;

namespace CriEngine.Oci.Tests.Runtime;

[TestFixture("runc")]
[TestFixture("crun")]
public sealed class OciRuntimeTests(string runtimeName) : ContainerTestBase(runtimeName, "conmon")
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    [Test]
    public async Task Unknown_container_has_no_state()
    {
        Assert.That(await Runtime.StateAsync(Environment.NewContainerId()), Is.Null);
    }

    [Test]
    public async Task Start_makes_a_created_container_run()
    {
        var id = Environment.NewContainerId();
        Environment.CreateBundle(id, "sleep", "60");
        var created = await CreateAsync(id);

        await Runtime.StartAsync(id);

        Assert.That(await Runtime.StateAsync(id), Is.EqualTo(new OciState(id, OciStatus.Running, created.ContainerPid, Environment.BundleDirectory(id))));
    }

    [Test]
    public async Task Starting_twice_fails_naming_the_container_the_runtime_and_its_message()
    {
        var (id, _) = await RunAsync("sleep", "60");

        var error = Assert.ThrowsAsync<RpcException>(() => Runtime.StartAsync(id));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.Internal));
        Assert.That(error.Message, Does.StartWith($"container {id}: {RuntimeName} start failed (exit 1): "));
        Assert.That(error.Message, Does.Contain("running"), "the runtime's own words, not its JSON");
        Assert.That(error.Message, Does.Not.Contain("\"level\""));
    }

    [Test]
    public void Starting_an_unknown_container_is_not_found()
    {
        var id = Environment.NewContainerId();

        var error = Assert.ThrowsAsync<RpcException>(() => Runtime.StartAsync(id));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.NotFound));
        Assert.That(error.Message, Does.Contain(id));
    }

    [Test]
    public async Task Sigterm_reaches_a_process_that_handles_it()
    {
        var (id, _) = await RunAsync("sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done");
        using var exits = StartExitWatcher();

        Assert.That(await Runtime.KillAsync(id, SigTerm), Is.True);

        var exit = await NextExitAsync(exits);
        Assert.That((exit.ContainerId, exit.ExitCode), Is.EqualTo((id, 42)));
        Assert.That((await Runtime.StateAsync(id))!.Status, Is.EqualTo(OciStatus.Stopped));
    }

    [Test]
    public async Task Sigkill_ends_a_container_that_ignores_sigterm_and_a_stopped_one_has_nothing_to_signal()
    {
        // PID 1 of a PID namespace ignores signals it has no handler for: SIGTERM does nothing to it.
        var (id, created) = await RunAsync("sleep", "600");
        using var exits = StartExitWatcher();

        Assert.That(await Runtime.KillAsync(id, SigTerm), Is.True);
        Assert.That(await Eventually.TrueAsync(() => exits.TryRead(id) is not null, TimeSpan.FromMilliseconds(500)), Is.False, "still running after SIGTERM");
        Assert.That(await Runtime.KillAsync(id, SigKill, all: true), Is.True);

        var exit = await NextExitAsync(exits);
        Assert.That((exit.ContainerId, exit.ExitCode), Is.EqualTo((id, 128 + SigKill)));
        Assert.That(Directory.Exists($"/proc/{created.ContainerPid}/task"), Is.False, "the container process is gone");
        Assert.That(await Runtime.KillAsync(id, SigKill), Is.False);
    }

    [Test]
    public async Task Delete_is_idempotent()
    {
        var (id, _) = await RunAsync("sleep", "600");

        await Runtime.DeleteAsync(id, force: true);
        await Runtime.DeleteAsync(id, force: true);
        await Runtime.DeleteAsync(id);
        await Runtime.DeleteAsync(Environment.NewContainerId());

        Assert.That(await Runtime.StateAsync(id), Is.Null);
        Assert.That(await Runtime.KillAsync(id, SigKill), Is.False);
    }

    [Test]
    public async Task Deleting_a_running_container_without_force_is_refused()
    {
        var (id, _) = await RunAsync("sleep", "600");

        var error = Assert.ThrowsAsync<RpcException>(() => Runtime.DeleteAsync(id));

        Assert.That(error!.Message, Does.StartWith($"container {id}: {RuntimeName} delete failed (exit 1): "));
        Assert.That((await Runtime.StateAsync(id))!.Status, Is.EqualTo(OciStatus.Running));
    }

    [Test]
    public async Task Update_applies_new_resources_to_the_container_cgroup()
    {
        var (id, _) = await RunAsync("sleep", "600");

        await Runtime.UpdateAsync(id, """{"pids":{"limit":57}}""");

        Assert.That(File.ReadAllText(Path.Combine(TestCgroups.DirectoryIn("pids", id), "pids.max")).Trim(), Is.EqualTo("57"));
    }

    [Test]
    public async Task List_shows_the_runtimes_containers()
    {
        var (running, _) = await RunAsync("sleep", "600");
        var created = Environment.NewContainerId();
        Environment.CreateBundle(created, "sleep", "600");
        await CreateAsync(created);

        var listed = await Runtime.ListAsync();

        Assert.That(listed.Select(state => (state.Id, state.Status)),
            Is.EquivalentTo(new[] { (running, OciStatus.Running), (created, OciStatus.Created) }));
    }

    [Test]
    public async Task Empty_root_lists_nothing()
    {
        Assert.That(await Runtime.ListAsync(), Is.Empty);
    }

    [Test]
    public void A_container_id_that_is_not_one_path_segment_is_refused()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => Runtime.StateAsync("../escape"));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.InvalidArgument));
    }

    private ExitWatcher StartExitWatcher()
    {
        var watcher = new ExitWatcher(Environment.ExitDirectory, Environment.BundleDirectory, new TestLogger());
        watcher.Start();
        return watcher;
    }

    private static async Task<ContainerExit> NextExitAsync(ExitWatcher watcher) =>
        await watcher.Exits.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
