using System.Net;
using System.Net.Sockets;

namespace CriEngine.TestSupport.Registry;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago: whoever binds it next must be ready to retry.</summary>
public static class LoopbackPort
{
    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
