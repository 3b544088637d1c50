using System.Diagnostics;
using CriEngine.Grpc;
using Prometheus;

namespace CriEngine.Server.Telemetry;

/// <summary>
/// The operation metrics of one CRI method, its label children resolved once: a call costs a few
/// atomic updates and no allocation. Errors are calls that ended with any status but OK, as
/// CRI-O counts a handler's error.
/// </summary>
internal sealed class OperationRecorder(Counter.Child? total, Counter.Child? errors, Gauge.Child? latency, LatencySummary.Child? latencyTotal) : ICallRecorder
{
    public void Record(StatusCode code, long elapsedTicks)
    {
        total?.Inc();
        if (code != StatusCode.OK)
            errors?.Inc();
        latency?.Set((double)elapsedTicks / Stopwatch.Frequency);
        latencyTotal?.Observe(elapsedTicks);
    }
}
