using CriEngine.Grpc;
using CriEngine.Server.Pods;
using Microsoft.Extensions.Logging.Abstractions;

namespace CriEngine.Server.Tests;

public sealed class CreationsInFlightTests
{
    private readonly HashSet<string> _hidden = [];
    private readonly List<string> _removed = [];

    [SetUp]
    public void Forget()
    {
        _hidden.Clear();
        _removed.Clear();
    }

    [Test]
    public async Task The_same_request_again_waits_for_the_same_creation()
    {
        var creations = Creations();
        var gate = new TaskCompletionSource<string>();
        var runs = 0;

        var first = creations.RunAsync("web", "config", _ => { Interlocked.Increment(ref runs); return gate.Task; }, default);
        var second = creations.RunAsync("web", "config", _ => { Interlocked.Increment(ref runs); return gate.Task; }, default);
        gate.SetResult("id-1");

        Assert.That(await first, Is.EqualTo("id-1"));
        Assert.That(await second, Is.EqualTo("id-1"));
        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public void A_different_request_for_the_name_is_refused_while_one_runs()
    {
        var creations = Creations();
        var gate = new TaskCompletionSource<string>();
        _ = creations.RunAsync("web", "config-a", _ => gate.Task, default);

        var error = Assert.ThrowsAsync<RpcException>(() => creations.RunAsync("web", "config-b", _ => gate.Task, default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.AlreadyExists));
        gate.SetResult("done");
    }

    [Test]
    public async Task A_caller_that_gives_up_does_not_stop_the_creation_and_its_retry_gets_it()
    {
        var creations = Creations();
        var gate = new TaskCompletionSource<string>();
        using var cancel = new CancellationTokenSource();

        var impatient = creations.RunAsync("web", "config", _ => gate.Task, cancel.Token);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => impatient);
        var retry = creations.RunAsync("web", "config", _ => Task.FromResult("second"), default);
        gate.SetResult("first");

        Assert.That(await retry, Is.EqualTo("first"));
    }

    [Test]
    public async Task A_creation_finished_after_its_caller_gave_up_stays_hidden_until_the_same_request_collects_it()
    {
        var creations = Creations();
        var gate = new TaskCompletionSource<string>();
        using var cancel = new CancellationTokenSource();
        var impatient = creations.RunAsync("web", "config", progress => { progress.Assign("id-1"); return gate.Task; }, cancel.Token);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => impatient);

        gate.SetResult("id-1");
        await Eventually(() => creations.StalledByStage().ContainsKey(CreationsInFlight.AwaitingRetryStage));
        var hiddenBefore = _hidden.Contains("id-1");
        var collected = await creations.RunAsync("web", "config", _ => throw new AssertionException("not created again"), default);

        Assert.That(hiddenBefore, Is.True, "not listed while nobody has it");
        Assert.That(collected, Is.EqualTo("id-1"));
        Assert.That(_hidden, Does.Not.Contain("id-1"));
        Assert.That(creations.StalledByStage(), Is.Empty);
        Assert.That(_removed, Is.Empty);
    }

    [Test]
    public async Task A_changed_request_for_the_name_removes_the_unclaimed_creation_and_makes_its_own()
    {
        var creations = Creations();
        using var cancel = new CancellationTokenSource();
        var gate = new TaskCompletionSource<string>();
        var impatient = creations.RunAsync("web", "config-a", progress => { progress.Assign("id-a"); return gate.Task; }, cancel.Token);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => impatient);
        gate.SetResult("id-a");
        await Eventually(() => creations.StalledByStage().Count > 0);

        var changed = await creations.RunAsync("web", "config-b", _ => Task.FromResult("id-b"), default);

        Assert.That(changed, Is.EqualTo("id-b"));
        Assert.That(_removed, Is.EqualTo(new[] { "id-a" }));
    }

    [Test]
    public async Task An_unclaimed_creation_is_removed_when_nobody_asks_for_it_in_time()
    {
        var creations = Creations(TimeSpan.FromMilliseconds(100));
        using var cancel = new CancellationTokenSource();
        var gate = new TaskCompletionSource<string>();
        var impatient = creations.RunAsync("web", "config", progress => { progress.Assign("id-1"); return gate.Task; }, cancel.Token);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => impatient);
        gate.SetResult("id-1");

        await Eventually(() => _removed.Count > 0);

        Assert.That(_removed, Is.EqualTo(new[] { "id-1" }));
        Assert.That(creations.StalledByStage(), Is.Empty);
    }

    [Test]
    public async Task A_creation_whose_caller_gave_up_is_reported_stalled_at_its_stage()
    {
        var creations = Creations();
        using var cancel = new CancellationTokenSource();
        var gate = new TaskCompletionSource<string>();
        var impatient = creations.RunAsync("web", "config", progress => { progress.Assign("id-1"); progress.Enter("detach-network"); return gate.Task; }, cancel.Token);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => impatient);

        await Eventually(() => creations.StalledByStage().ContainsKey("detach-network"));

        Assert.That(creations.StalledByStage()["detach-network"], Is.EqualTo(1));
        gate.SetResult("id-1");
    }

    [Test]
    public async Task A_failed_creation_leaves_nothing_hidden()
    {
        var creations = Creations();

        Assert.ThrowsAsync<InvalidOperationException>(() => creations.RunAsync("web", "config", progress => { progress.Assign("id-1"); throw new InvalidOperationException("broken"); }, default));
        await Eventually(() => !_hidden.Contains("id-1"));

        Assert.That(_hidden, Is.Empty);
    }

    [Test]
    public async Task A_request_that_finds_its_creation_still_running_reports_the_stage_it_is_at()
    {
        var stalled = new List<string>();
        var creations = new CreationsInFlight("pod", _ => { }, _ => { }, _ => Task.CompletedTask, NullLogger.Instance, stage => { lock (stalled) stalled.Add(stage); });
        var gate = new TaskCompletionSource<string>();
        var entered = new TaskCompletionSource();

        var first = creations.RunAsync("web", "config", progress => { progress.Enter("sandbox network ready"); entered.SetResult(); return gate.Task; }, default);
        await entered.Task;
        var retry = creations.RunAsync("web", "config", _ => gate.Task, default);
        gate.SetResult("id-1");
        await Task.WhenAll(first, retry);
        var collected = await creations.RunAsync("other", "config", _ => Task.FromResult("id-2"), default);

        Assert.That(collected, Is.EqualTo("id-2"));
        Assert.That(stalled, Is.EqualTo(new[] { "sandbox network ready" }), "only the request that waited on a running creation");
    }

    private CreationsInFlight Creations(TimeSpan? lifetime = null) =>
        new("pod", id => { lock (_hidden) _hidden.Add(id); }, id => { lock (_hidden) _hidden.Remove(id); }, id => { lock (_removed) _removed.Add(id); return Task.CompletedTask; }, NullLogger.Instance)
        {
            Lifetime = lifetime ?? CreationsInFlight.UnclaimedLifetime,
        };

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.That(condition(), Is.True, "condition not met in time");
    }
}
