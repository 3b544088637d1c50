using System.Diagnostics;
using CriEngine.Grpc;
using CriEngine.Network.Native;
using CriEngine.Platform.Processes;

namespace CriEngine.Network.Namespaces;

/// <summary>
/// A pod's user namespace with its network namespace inside it, both pinned, as CRI-O's pinns
/// makes them for a pod with its own user namespace: the network namespace must belong to the
/// pod's user namespace, or the kernel refuses the pod's containers a sysfs of their own. A
/// multithreaded process cannot make a user namespace, so a short-lived child makes both
/// (util-linux <c>unshare</c>); the engine writes its id maps, pins its namespaces and kills it.
/// </summary>
public static class UserOwnedNetworkNamespace
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Creates the pair, pins the network namespace (loopback up) at <paramref name="netnsPath"/>
    /// and the user namespace at <paramref name="usernsPath"/>. <paramref name="uidMap"/> and
    /// <paramref name="gidMap"/> are uid_map lines ("inside host length"). On failure nothing stays pinned.
    /// </summary>
    public static async Task CreateAtAsync(string netnsPath, string usernsPath, string uidMap, string gidMap, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var pin in new[] { netnsPath, usernsPath })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(pin)!);
            new FileStream(pin, FileMode.CreateNew, FileAccess.Write).Dispose();
        }
        try
        {
            var spec = new ProcessSpec("unshare", ["--user", "--net", "--", "sleep", "600"])
            {
                Timeout = Timeout,
                OnStarted = async (pid, token) =>
                {
                    try
                    {
                        await PinAsync(pid, netnsPath, usernsPath, uidMap, gidMap, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        Kill(pid);
                    }
                },
            };
            await ProcessRunner.RunAsync(spec, CancellationToken.None).ConfigureAwait(false);
            await NetworkNamespace.RunInNamespaceAsync(netnsPath, () =>
            {
                InterfaceFlags.BringUp("lo");
                return true;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            NetworkNamespace.Remove(netnsPath);
            NetworkNamespace.Remove(usernsPath);
            if (e is RpcException)
                throw;
            throw new RpcException(StatusCode.Internal, $"user namespace {usernsPath}: {e.Message}", e);
        }
    }

    private static async Task PinAsync(int pid, string netnsPath, string usernsPath, string uidMap, string gidMap, CancellationToken cancellationToken)
    {
        var own = NamespaceOf("self", "user");
        var deadline = DateTime.UtcNow + Timeout;
        // unshare(2) has happened once the child's user namespace is no longer ours.
        while (NamespaceOf(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "user") == own)
        {
            if (DateTime.UtcNow > deadline)
                throw new RpcException(StatusCode.Internal, $"user namespace {usernsPath}: unshare did not make the namespaces in time");
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
        await File.WriteAllTextAsync($"/proc/{pid}/uid_map", uidMap, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync($"/proc/{pid}/gid_map", gidMap, cancellationToken).ConfigureAwait(false);
        Mounts.BindMount($"/proc/{pid}/ns/net", netnsPath);
        Mounts.BindMount($"/proc/{pid}/ns/user", usernsPath);
    }

    private static string? NamespaceOf(string process, string type)
    {
        try
        {
            return new FileInfo($"/proc/{process}/ns/{type}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Kill(int pid)
    {
        try
        {
            using var child = Process.GetProcessById(pid);
            child.Kill();
        }
        catch (ArgumentException)
        {
            // Gone already.
        }
    }
}
