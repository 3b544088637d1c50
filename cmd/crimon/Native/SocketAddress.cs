using System.Text;

namespace CriEngine.Crimon.Native;

/// <summary>struct sockaddr_un for a path (at most 107 bytes, as the kernel allows).</summary>
internal static class SocketAddress
{
    private const int PathRoom = 108;

    public static byte[] Unix(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= PathRoom)
            throw new IOException($"socket path {path} is longer than {PathRoom - 1} bytes");
        var address = new byte[2 + PathRoom];
        address[0] = Constants.AfUnix;
        bytes.CopyTo(address, 2);
        return address;
    }
}
