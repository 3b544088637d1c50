namespace CriEngine.Images.Registry;

/// <summary>Exponential backoff: the initial wait, doubled for each further retry, at most 30 s.</summary>
internal static class RetryBackoff
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <param name="retry">1 for the first retry.</param>
    public static TimeSpan Delay(TimeSpan initial, int retry)
    {
        var delay = initial * Math.Pow(2, Math.Min(retry - 1, 20));
        return delay < Longest ? delay : Longest;
    }
}
