using CriEngine.Grpc;
using CriEngine.Network.Native;

namespace CriEngine.Network.Namespaces;

/// <summary>
/// A pod's network namespace, pinned as CRI-O's pinns does: a bind mount of the namespace on an
/// empty file <c>&lt;namespaces_dir&gt;/netns/&lt;uuid&gt;</c>, so that it lives with no process in it
/// and the infra container and CNI plugins can join it by path. Made natively, without <c>ip</c>
/// or <c>pinns</c>, on a thread that ends once the namespace is pinned.
/// </summary>
public static class NetworkNamespace
{
    /// <summary>The folder of <c>namespaces_dir</c> that holds network namespaces (CRI-O's layout).</summary>
    public const string Subdirectory = "netns";

    private const string Loopback = "lo";

    /// <summary>
    /// Creates a network namespace with its loopback interface up, pins it under
    /// <paramref name="namespacesDir"/>, and returns the path of the pin. The calling thread's
    /// namespace is not changed. Cancellation is honoured before the work starts; once started, it
    /// runs to the end (a handful of system calls), so that nothing is left half made.
    /// </summary>
    public static async Task<string> CreateAsync(string namespacesDir, CancellationToken cancellationToken = default)
    {
        var path = PathFor(namespacesDir);
        await CreateAtAsync(path, cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>A new pin path under <paramref name="namespacesDir"/>: known before the namespace exists, so it can be journaled first.</summary>
    public static string PathFor(string namespacesDir) => Path.Combine(namespacesDir, Subdirectory, Guid.NewGuid().ToString());

    /// <summary>Creates the namespace pinned at <paramref name="path"/> (see <see cref="CreateAsync"/>).</summary>
    public static async Task CreateAtAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
            new FileStream(path, FileMode.CreateNew, FileAccess.Write).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"netns {path}: cannot create the pin file: {e.Message}", e);
        }

        try
        {
            await DedicatedThread.RunAsync("netns-create", () => PinNewNamespace(path)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing is mounted yet when the work fails: the bind mount is its last step.
            File.Delete(path);
            if (e is NativeCallException native)
                throw new RpcException(StatusCode.Internal, $"netns {path}: {native.Message}", native);
            throw;
        }
    }

    /// <summary>
    /// Unpins the namespace and deletes its file. A namespace already unpinned, or a path already
    /// gone, is fine: the call is idempotent. The kernel frees the namespace once nothing else
    /// (a process, an open descriptor, another mount) holds it.
    /// </summary>
    public static void Remove(string path)
    {
        try
        {
            Mounts.Unmount(path);
        }
        catch (NativeCallException e)
        {
            throw new RpcException(StatusCode.Internal, $"netns {path}: {e.Message}", e);
        }
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RpcException(StatusCode.Internal, $"netns {path}: cannot delete the pin file: {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether a namespace is pinned at <paramref name="path"/>: after a reboot, or an unmount by
    /// someone else, the file may still be there with nothing on it.
    /// </summary>
    public static bool IsPinned(string path) => FileSystemType.Of(path) == FileSystemType.NamespaceFileSystem;

    /// <summary>
    /// Runs <paramref name="action"/> on a thread of its own inside the namespace pinned at
    /// <paramref name="path"/>; the thread ends with it. The action must be synchronous: an
    /// awaited continuation would run on some other thread, outside the namespace. Sockets it
    /// opens stay in the namespace wherever they are used afterwards.
    /// </summary>
    public static Task<T> RunInNamespaceAsync<T>(string path, Func<T> action, CancellationToken cancellationToken = default)
    {
        if (IsAwaitable(typeof(T)))
            throw new ArgumentException("the action must be synchronous: its continuations would run outside the namespace", nameof(action));
        cancellationToken.ThrowIfCancellationRequested();
        return DedicatedThread.RunAsync("netns-enter", () =>
        {
            try
            {
                ThreadNamespaces.EnterNetwork(path);
            }
            catch (NativeCallException e)
            {
                var code = e.Errno == NativeCallException.NoSuchFile ? StatusCode.NotFound : StatusCode.Internal;
                throw new RpcException(code, $"netns {path}: {e.Message}", e);
            }
            return action();
        });
    }

    private static bool IsAwaitable(Type type) =>
        typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>));

    private static bool PinNewNamespace(string path)
    {
        ThreadNamespaces.UnshareNetwork();
        InterfaceFlags.BringUp(Loopback);
        Mounts.BindMount($"/proc/self/task/{ThreadNamespaces.CurrentThreadId()}/ns/net", path);
        return true;
    }
}
