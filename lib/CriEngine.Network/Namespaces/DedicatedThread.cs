namespace CriEngine.Network.Namespaces;

/// <summary>
/// Runs work on a thread made for it, which ends with the work. Namespace calls change the
/// calling thread; on a thread of its own, no pool thread is ever left in a foreign namespace.
/// </summary>
internal static class DedicatedThread
{
    public static Task<T> RunAsync<T>(string name, Func<T> work)
    {
        // Continuations must not run on this thread: it may be inside another namespace.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return completion.Task;
    }
}
