namespace CriEngine.Streaming;

/// <summary>The <c>streamType</c> header values Kubernetes' clients name their SPDY streams with.</summary>
internal static class StreamType
{
    public const string Header = "streamtype";
    public const string Error = "error";
    public const string Stdin = "stdin";
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
    public const string Resize = "resize";
    public const string Data = "data";

    public static readonly string[] RemoteCommand = [Error, Stdin, Stdout, Stderr, Resize];
}
