namespace CriEngine.TestSupport;

/// <summary>Waits for a condition by polling it with a deadline: tests never sleep a fixed time.</summary>
public static class Eventually
{
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? interval = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, interval);

    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
                return true;
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(20));
        }
    }
}
