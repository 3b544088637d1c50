namespace CriEngine.Grpc;

/// <summary>
/// Told the outcome of every call of one method, by the dispatch layer, once the call is over.
/// Resolved once per method when the server is built, so a call costs no lookup; an
/// implementation must be cheap and must not allocate.
/// </summary>
public interface ICallRecorder
{
    /// <param name="elapsedTicks">The call's duration in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
    void Record(StatusCode code, long elapsedTicks);
}
