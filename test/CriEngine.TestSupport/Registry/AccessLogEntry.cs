namespace CriEngine.TestSupport.Registry;

/// <summary>One request a registry served, from its access log: <see cref="Path"/> without the query, <see cref="Query"/> without the '?'.</summary>
public sealed record AccessLogEntry(string Method, string Path, string Query, int Status)
{
    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")} {Status}";
}
