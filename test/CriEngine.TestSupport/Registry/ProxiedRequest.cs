namespace CriEngine.TestSupport.Registry;

/// <summary>One request through a <see cref="FaultProxy"/>: <see cref="Path"/> without the query, the status the client got, and what the proxy did.</summary>
public sealed record ProxiedRequest(string Method, string Path, string Query, int Status, ProxyFault Fault)
{
    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")} {Status}{(Fault == ProxyFault.None ? "" : " " + Fault)}";
}
