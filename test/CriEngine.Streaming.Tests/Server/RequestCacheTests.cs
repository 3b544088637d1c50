using CriEngine.Streaming.Tests.Support;

namespace CriEngine.Streaming.Tests.Server;

/// <summary>The request cache behind the streaming URLs, on its own.</summary>
public sealed class RequestCacheTests
{
    [Test]
    public void A_request_is_given_back_once_for_its_token()
    {
        var cache = new RequestCache(TimeSpan.FromMinutes(1), new ManualClock());
        var request = new PortForwardRequest("p", [80]);

        var token = cache.Insert(request);

        Assert.That(token, Does.Match("^[A-Za-z0-9_-]{8}$"));
        Assert.That(cache.Consume(token), Is.SameAs(request));
        Assert.That(cache.Consume(token), Is.Null);
    }

    [Test]
    public void Tokens_differ_from_one_request_to_the_next()
    {
        var cache = new RequestCache(TimeSpan.FromMinutes(1), new ManualClock());

        var tokens = Enumerable.Range(0, 500).Select(_ => cache.Insert(new object())).ToList();

        Assert.That(tokens, Is.Unique);
    }

    [Test]
    public void A_request_is_usable_up_to_its_timeout_and_not_after()
    {
        var clock = new ManualClock();
        var cache = new RequestCache(TimeSpan.FromSeconds(10), clock);
        var early = cache.Insert("early");
        var late = cache.Insert("late");

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(cache.Consume(early), Is.EqualTo("early"));
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(cache.Consume(late), Is.Null);
    }
}
