namespace CriEngine.Grpc.Hpack;

/// <summary>One header field. HTTP/2 field values are octets; they are held as Latin-1 strings.</summary>
public readonly record struct HeaderField(string Name, string Value)
{
    /// <summary>The size RFC 7541 section 4.1 counts: octets of name and value plus 32.</summary>
    public int HpackSize => Name.Length + Value.Length + 32;
}
