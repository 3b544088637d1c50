using System.Diagnostics;

namespace CriEngine.Bench;

internal static class Timing
{
    /// <summary>Runs <paramref name="operation"/>, adds its time in milliseconds to <paramref name="times"/>, and returns its result.</summary>
    public static async Task<T> MeasureAsync<T>(List<double> times, Func<Task<T>> operation)
    {
        var clock = Stopwatch.StartNew();
        var result = await operation();
        times.Add(clock.Elapsed.TotalMilliseconds);
        return result;
    }
}
