namespace CriEngine.Grpc.Http2;

/// <summary>
/// A flow-control window for what the peer sends us. Received octets shrink it; octets the
/// application has taken in are credited back, and a WINDOW_UPDATE is due once half the
/// window has been credited, so that updates stay few and the peer never stalls.
/// </summary>
internal sealed class ReceiveWindow(int size)
{
    private readonly Lock _lock = new();
    private long _available = size;
    private long _credited;

    /// <summary>Accounts for a received DATA payload; false when the peer overran the window.</summary>
    public bool TryReceive(int octets)
    {
        lock (_lock)
        {
            if (octets > _available)
                return false;
            _available -= octets;
            return true;
        }
    }

    /// <summary>Credits consumed octets; returns the WINDOW_UPDATE increment to send now, or 0.</summary>
    public int Credit(int octets)
    {
        lock (_lock)
        {
            _credited += octets;
            if (_credited < size / 2)
                return 0;
            var increment = (int)_credited;
            _available += _credited;
            _credited = 0;
            return increment;
        }
    }
}
