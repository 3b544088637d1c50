namespace CriEngine.Grpc.Hpack;

/// <summary>How the encoder represents a field that is not already fully in a table.</summary>
public enum HpackIndexing
{
    /// <summary>Literal with incremental indexing: added to the dynamic table.</summary>
    Incremental,

    /// <summary>Literal without indexing: for values that rarely repeat.</summary>
    WithoutIndexing,

    /// <summary>Literal never indexed: for secrets; intermediaries must not index it either.</summary>
    NeverIndexed,
}
