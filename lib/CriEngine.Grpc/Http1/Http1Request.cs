namespace CriEngine.Grpc.Http1;

/// <summary>
/// One HTTP/1.1 request on the CRI socket, as far as its answer depends on it: the method and
/// the target's path (percent-decoded) and query. Headers and body are not kept: the socket's
/// HTTP/1.1 side serves reads only.
/// </summary>
public sealed record Http1Request(string Method, string Path, string Query);
