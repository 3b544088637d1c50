using CriEngine.Grpc;
using CriEngine.Server.Pods;

namespace CriEngine.Server.Tests;

public sealed class CreationsInFlightTests
{
    [Test]
    public async Task The_same_request_again_waits_for_the_same_creation()
    {
        var creations = new CreationsInFlight("pod");
        var gate = new TaskCompletionSource<string>();
        var runs = 0;

        var first = creations.RunAsync("web", "config", () => { runs++; return gate.Task; }, default);
        var second = creations.RunAsync("web", "config", () => { runs++; return gate.Task; }, default);
        gate.SetResult("id-1");

        Assert.That(await first, Is.EqualTo("id-1"));
        Assert.That(await second, Is.EqualTo("id-1"));
        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public void A_different_request_for_the_name_is_refused_while_one_runs()
    {
        var creations = new CreationsInFlight("pod");
        var gate = new TaskCompletionSource<string>();
        _ = creations.RunAsync("web", "config-a", () => gate.Task, default);

        var error = Assert.ThrowsAsync<RpcException>(() => creations.RunAsync("web", "config-b", () => gate.Task, default));

        Assert.That(error!.Code, Is.EqualTo(StatusCode.AlreadyExists));
        gate.SetResult("done");
    }

    [Test]
    public async Task A_caller_that_gives_up_does_not_stop_the_creation()
    {
        var creations = new CreationsInFlight("pod");
        var gate = new TaskCompletionSource<string>();
        using var cancel = new CancellationTokenSource();

        var impatient = creations.RunAsync("web", "config", () => gate.Task, cancel.Token);
        await cancel.CancelAsync();
        Assert.CatchAsync<OperationCanceledException>(() => impatient);
        var retry = creations.RunAsync("web", "config", () => Task.FromResult("second"), default);
        gate.SetResult("first");

        Assert.That(await retry, Is.EqualTo("first"));
    }
}
