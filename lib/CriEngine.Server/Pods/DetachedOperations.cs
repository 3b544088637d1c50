namespace CriEngine.Server.Pods;

/// <summary>
/// Teardowns that run to their end whatever their callers do: a caller whose deadline passes
/// gets its answer then, but the work goes on, so a pod is never left half stopped with its
/// network behind. A second call for the same object joins the one under way.
/// </summary>
internal sealed class DetachedOperations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);

    public Task RunAsync(string key, Func<Task> operation, CancellationToken cancellationToken)
    {
        Task task;
        lock (_gate)
        {
            if (!_running.TryGetValue(key, out task!))
            {
                task = Task.Run(operation);
                _running[key] = task;
                _ = task.ContinueWith(_ => Forget(key, task), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        return task.WaitAsync(cancellationToken);
    }

    private void Forget(string key, Task task)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(key, out var current) && current == task)
                _running.Remove(key);
        }
    }
}
