using System.Collections.Concurrent;
using CriEngine.Grpc;

namespace CriEngine.Server.Pods;

/// <summary>
/// Pod or container creations under way, by name. A creation runs to its end whatever its
/// caller does; the same request arriving again (the kubelet retries after its deadline)
/// waits for that same creation instead of failing on the name, and a different request for
/// the name is refused.
/// </summary>
internal sealed class CreationsInFlight(string kind)
{
    private readonly ConcurrentDictionary<string, (string Config, Lazy<Task<string>> Creation)> _running = new(StringComparer.Ordinal);

    public async Task<string> RunAsync(string name, string config, Func<Task<string>> create, CancellationToken cancellationToken)
    {
        var entry = _running.GetOrAdd(name, _ => (config, new Lazy<Task<string>>(create)));
        if (entry.Config != config)
            throw new RpcException(StatusCode.AlreadyExists, $"{kind} name {name} is being created by another request");
        try
        {
            return await entry.Creation.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (entry.Creation.Value.IsCompleted)
                _running.TryRemove(new KeyValuePair<string, (string, Lazy<Task<string>>)>(name, entry));
        }
    }
}
