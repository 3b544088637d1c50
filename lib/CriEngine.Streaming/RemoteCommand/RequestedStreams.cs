namespace CriEngine.Streaming.RemoteCommand;

/// <summary>Which streams an exec or attach request asked for.</summary>
internal readonly record struct RequestedStreams(bool Stdin, bool Stdout, bool Stderr, bool Tty)
{
    public static RequestedStreams Of(object request) => request switch
    {
        ExecRequest exec => new(exec.Stdin, exec.Stdout, exec.Stderr, exec.Tty),
        AttachRequest attach => new(attach.Stdin, attach.Stdout, attach.Stderr, attach.Tty),
        _ => throw new ArgumentException($"not a remote command request: {request.GetType().Name}", nameof(request)),
    };
}
