namespace CriEngine.Streaming.Tests.Support;

/// <summary>The tests' usual wait: poll a condition for up to ten seconds.</summary>
internal static class Wait
{
    public static Task<bool> Until(Func<bool> condition) =>
        CriEngine.TestSupport.Eventually.TrueAsync(condition, TimeSpan.FromSeconds(10));
}
