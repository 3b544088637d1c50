namespace CriEngine.Streaming.Tests.Support;

/// <summary>A clock the test moves by hand, for token expiry.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
