using System.Net.Sockets;
using CriEngine.Grpc.Native;

namespace CriEngine.Grpc.Http2;

/// <summary>The file-system side of a listening unix socket.</summary>
public static class UnixSocketPath
{
    /// <summary>
    /// Makes the parent directory and clears the way for a new socket. A socket file nobody
    /// listens on is a leftover of a crashed process and is removed; one somebody listens on,
    /// or a file that is no socket, is an error: it is not ours to take.
    /// </summary>
    public static async Task PrepareAsync(string path)
    {
        if (!System.IO.Path.IsPathFullyQualified(path))
            throw new IOException($"socket path {path} is not absolute");
        var parent = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(parent))
            Directory.CreateDirectory(parent);

        if (!File.Exists(path) && !Directory.Exists(path))
            return;
        if (!FileType.IsSocket(path))
            throw new IOException($"{path} exists and is not a socket; refusing to replace it");

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await probe.ConnectAsync(new UnixDomainSocketEndPoint(path)).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }
        throw new IOException($"another process is serving on {path}");
    }

    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Already gone, or replaced by a newer process's socket: either way not ours now.
        }
    }
}
