namespace CriEngine.TestSupport.Registry;

/// <summary>What a <see cref="FaultProxy"/> did to a request.</summary>
public enum ProxyFault
{
    /// <summary>Passed to the registry and back untouched.</summary>
    None,

    /// <summary>Answered with an error status without asking the registry.</summary>
    Failed,

    /// <summary>The connection was cut part way through the response body.</summary>
    Cut,

    /// <summary>Answered with a manifest given to <see cref="FaultProxy.ServeManifest"/>.</summary>
    Served,
}
